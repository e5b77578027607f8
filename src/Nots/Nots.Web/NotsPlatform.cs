using Platform.Hosting;

namespace Nots.Web;

/// <summary>How NOTS presents itself to the platform: roles, staff, API prefix.</summary>
internal static class NotsPlatform
{
    public static readonly PlatformHostOptions Options = new()
    {
        Product = "Nots",
        DisplayName = "NOTS",
        ApiPrefix = "/v1",
        Roles = [NotsRoles.Customer, NotsRoles.Driver, NotsRoles.Dispatcher, NotsRoles.Admin, NotsRoles.Owner],
        StaffRoles = [NotsRoles.Dispatcher, NotsRoles.Admin, NotsRoles.Owner],
        OperationsRoles = [NotsRoles.Admin, NotsRoles.Owner],
        BootstrapRole = NotsRoles.Owner,
        CustomerRole = NotsRoles.Customer,
    };
}

/// <summary>The people who use NOTS.</summary>
internal static class NotsRoles
{
    public const string Customer = "customer";
    public const string Driver = "driver";
    public const string Dispatcher = "dispatcher";
    public const string Admin = "admin";
    public const string Owner = "owner";
}
