using Platform.Web;

namespace Nots.Dispatch.Domain;

/// <summary>The stable codes of dispatch's refusals. Eligibility rules are 409s whose detail names the rule.</summary>
internal static class DispatchErrors
{
    public static DomainException Ineligible(string rule, string detail)
    {
        var error = DomainException.Conflict(rule, detail);
        error.Details["rule"] = rule;
        return error;
    }

    public static DomainException JobNotFound(string what) => DomainException.NotFound("job_not_found", $"No dispatch job for {what}.");

    public static DomainException InvalidTransition(string status, string action) =>
        DomainException.Conflict("invalid_transition", $"The job is {status}; '{action}' is not allowed now.");

    public static DomainException NotAssignable(string status) =>
        DomainException.Conflict("job_not_assignable", $"The job is {status}; only an unassigned or escalated job can be offered or assigned.");

    public static DomainException Changed() =>
        DomainException.Conflict("job_changed", "The job was changed by someone else at the same moment; nothing was done.");
}
