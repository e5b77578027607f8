namespace Platform.Identity;

/// <summary>Names of the authorization policies registered by <c>AddPlatformIdentity</c>.</summary>
public static class PlatformPolicies
{
    /// <summary>Any signed-in user (cookie or bearer access token). Staff must have used MFA when it is required.</summary>
    public const string Authenticated = "platform:authenticated";

    /// <summary>Any staff role of the product, signed in with MFA when <c>Identity:RequireStaffMfa</c> is on.</summary>
    public const string Staff = "platform:staff";

    /// <summary>Operations staff (<see cref="IdentityProductOptions.OperationsRoles"/>), signed in with MFA when required.</summary>
    public const string Operations = "platform:operations";

    /// <summary>The policy that requires <paramref name="role"/>, e.g. <c>Role("admin")</c> is <c>role:admin</c>; one is registered per product role.</summary>
    public static string Role(string role) => "role:" + role;

    /// <summary>Policy of the MFA enrolment endpoints: an access token or an enrolment token.</summary>
    internal const string MfaEnrollment = "platform:mfa-enrollment";
}
