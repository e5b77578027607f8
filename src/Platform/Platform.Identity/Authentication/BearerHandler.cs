using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Identity.Tokens;

namespace Platform.Identity.Authentication;

internal sealed class BearerOptions : AuthenticationSchemeOptions
{
    /// <summary>Also accept the MFA enrolment token (only the enrolment endpoints' scheme does).</summary>
    public bool AcceptEnrollmentTokens { get; set; }
}

/// <summary>JWT bearer authentication on <see cref="Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler"/> (the JwtBearer package is not available here).</summary>
internal sealed class BearerHandler(IOptionsMonitor<BearerOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenService tokens)
    : AuthenticationHandler<BearerOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string EnrollmentSchemeName = "MfaEnrollment";
    private const string Prefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header[Prefix.Length..].Trim();
        if (token.Length == 0)
        {
            return AuthenticateResult.Fail("Empty bearer token.");
        }

        var result = await tokens.ValidateAsync(token, Options.AcceptEnrollmentTokens, Scheme.Name, Context.RequestAborted);
        if (!result.IsValid)
        {
            return AuthenticateResult.Fail(result.Exception ?? new InvalidOperationException("Invalid bearer token."));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(result.ClaimsIdentity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failed = (await HandleAuthenticateOnceSafeAsync()).Failure is not null;
        Response.Headers.WWWAuthenticate = failed ? "Bearer error=\"invalid_token\"" : "Bearer";
        await AuthProblems.Unauthorized().ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => AuthProblems.Forbidden().ExecuteAsync(Context);
}
