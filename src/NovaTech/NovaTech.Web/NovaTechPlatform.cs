using Platform.Hosting;

namespace NovaTech.Web;

/// <summary>How NovaTech presents itself to the platform: roles, staff, API prefix.</summary>
internal static class NovaTechPlatform
{
    public static readonly PlatformHostOptions Options = new()
    {
        Product = "NovaTech",
        DisplayName = "NovaTech",
        ApiPrefix = "/api/v1",
        Roles = [NovaTechRoles.Customer, NovaTechRoles.Merchant, NovaTechRoles.Support, NovaTechRoles.Admin],
        StaffRoles = [NovaTechRoles.Merchant, NovaTechRoles.Support, NovaTechRoles.Admin],
        OperationsRoles = [NovaTechRoles.Admin],
        BootstrapRole = NovaTechRoles.Admin,
        CustomerRole = NovaTechRoles.Customer,
    };
}

/// <summary>The people who use NovaTech.</summary>
internal static class NovaTechRoles
{
    public const string Customer = "customer";
    public const string Merchant = "merchant";
    public const string Support = "support";
    public const string Admin = "admin";
}
