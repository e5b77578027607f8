using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Platform.Identity.PersonalData;
using Platform.Persistence;

namespace Platform.Identity.Data;

/// <summary>The identity module's tables: ASP.NET Core Identity's users and roles, refresh tokens and the shared keys.</summary>
internal sealed class AppIdentityDbContext(DbContextOptions<AppIdentityDbContext> options)
    : IdentityDbContext<AppUser, AppRole, Guid>(options)
{
    public const string Module = "identity";

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<ErasureRequest> ErasureRequests => Set<ErasureRequest>();

    public DbSet<ErasureStep> ErasureSteps => Set<ErasureStep>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<AppUser>(user =>
        {
            user.ToTable("users");
            user.Property(u => u.Name).HasMaxLength(200);

            // Identity's own index names (UserNameIndex, EmailIndex) would be global names in SQLite; make them the module's.
            user.HasIndex(u => u.NormalizedUserName).HasDatabaseName("IX_identity_users_normalized_user_name");
            user.HasIndex(u => u.NormalizedEmail).HasDatabaseName("IX_identity_users_normalized_email");
        });
        builder.Entity<AppRole>(role =>
        {
            role.ToTable("roles");
            role.HasIndex(r => r.NormalizedName).HasDatabaseName("IX_identity_roles_normalized_name");
        });
        builder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");

        builder.Entity<RefreshToken>(token =>
        {
            token.ToTable("refresh_tokens");
            token.HasKey(t => t.Id);
            token.Property(t => t.TokenHash).HasMaxLength(64).IsRequired();
            token.Property(t => t.AuthMethod).HasMaxLength(16).IsRequired();
            token.HasIndex(t => t.TokenHash).IsUnique();
            token.HasIndex(t => t.FamilyId);
            token.HasIndex(t => t.UserId);
        });

        builder.Entity<SigningKey>(key =>
        {
            key.ToTable("signing_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasMaxLength(64);
            key.Property(k => k.Algorithm).HasMaxLength(16).IsRequired();
            key.Property(k => k.PublicKey).IsRequired();
            key.Property(k => k.ProtectedPrivateKey).IsRequired();
            key.HasIndex(k => k.Slot).IsUnique();
        });

        builder.Entity<DataProtectionKey>(key =>
        {
            key.ToTable("data_protection_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.FriendlyName).HasMaxLength(200);
            key.Property(k => k.Xml).IsRequired();
        });

        builder.Entity<ErasureRequest>(request =>
        {
            request.ToTable("erasure_requests");
            request.HasKey(r => r.Id);
            request.Property(r => r.Id).ValueGeneratedNever();
            request.Property(r => r.Status).HasMaxLength(20).IsRequired();
            request.Property(r => r.Email).HasMaxLength(256);
            request.Property(r => r.Phone).HasMaxLength(32);

            // One request per account: a repeated or concurrent request finds the first.
            request.HasIndex(r => r.UserId).IsUnique();
            request.HasIndex(r => r.RequestedAt);
            request.HasMany(r => r.Steps).WithOne().HasForeignKey(s => s.RequestId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ErasureStep>(step =>
        {
            step.ToTable("erasure_steps");
            step.HasKey(s => new { s.RequestId, s.Source });
            step.Property(s => s.Source).HasMaxLength(100);
            step.Property(s => s.LockedBy).HasMaxLength(200);
            step.Property(s => s.LastError).HasMaxLength(1000);
            step.HasIndex(s => new { s.CompletedAt, s.NextAttemptAt });
        });

        builder.ApplyModuleConventions(Module, Database.IsNpgsql());
    }
}
