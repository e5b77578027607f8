using Nots.Fleet.Domain;
using Nots.Fleet.Domain.Rules;
using Platform.Notifications;
using Platform.Web;

namespace Nots.Tests.Fleet;

public sealed class FleetDomainTests
{
    private static readonly DateOnly Today = new(2027, 5, 3);
    private static readonly DateTimeOffset Now = new(2027, 5, 3, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("07700 900123", "+447700900123")]
    [InlineData("+44 (0)7700 900123", "+447700900123")]
    [InlineData("0044 7700 900123", "+447700900123")]
    [InlineData("01202 123456", "+441202123456")]
    [InlineData("+33 1 23 45 67 89", "+33123456789")]
    public void Phone_numbers_are_normalised_to_E164(string input, string expected)
    {
        PhoneNumber.TryNormalise(input, out var e164).ShouldBeTrue();
        e164.ShouldBe(expected);
    }

    [Theory]
    [InlineData("7700 900123")]
    [InlineData("07700 90012")]
    [InlineData("+44 6700 900123")]
    [InlineData("phone")]
    public void Bad_phone_numbers_are_refused(string input) => PhoneNumber.TryNormalise(input, out _).ShouldBeFalse();

    [Theory]
    [InlineData("MORGA753116SM9IJ", true)]
    [InlineData("morga 753116 sm9ij", true)]
    [InlineData("SHAH9856223P99CD", true)]
    [InlineData("MORGA713116SM9IJ", false)]
    [InlineData("MORGA750016SM9IJ", false)]
    [InlineData("MORGA753116SM9I", false)]
    [InlineData("M0RGA753116SM9IJ", false)]
    public void Licence_numbers_follow_the_DVLA_pattern(string input, bool valid) => LicenceNumber.TryNormalise(input, out _).ShouldBe(valid);

    [Theory]
    [InlineData("hf71abc", "HF71 ABC")]
    [InlineData("HF71 ABC", "HF71 ABC")]
    [InlineData("a123bcd", "A123 BCD")]
    [InlineData("ABC 123D", "ABC 123D")]
    [InlineData("abz1234", "ABZ 1234")]
    [InlineData("1234 AB", "1234 AB")]
    public void Registrations_are_written_the_DVLA_way(string input, string expected)
    {
        Registration.TryNormalise(input, out var registration).ShouldBeTrue();
        registration.ShouldBe(expected);
    }

    [Theory]
    [InlineData("HF71 AB C D")]
    [InlineData("12345678")]
    [InlineData("")]
    public void Nonsense_registrations_are_refused(string input) => Registration.TryNormalise(input, out _).ShouldBeFalse();

    private static ComplianceDocument Verified(string ownerType, string type, DateOnly expires, DateOnly? issued = null, DateOnly? on = null)
    {
        var day = on ?? Today;
        var document = ComplianceDocument.Upload(ownerType, Guid.Empty, type, issued, expires, "k/" + Guid.NewGuid(), "application/pdf", 10, "x", null, null, Now, day);
        document.Verify(null, Now, day);
        return document;
    }

    private static List<ComplianceDocument> AllDriverDocuments(DateOnly expires) =>
        DocumentTypes.Driver.Select(t => Verified(OwnerTypes.Driver, t, expires, t == DocumentTypes.Dbs ? Today.AddDays(-10) : null)).ToList();

    [Fact]
    public void A_driver_with_every_document_verified_and_in_date_is_compliant_until_the_day_after_expiry()
    {
        var documents = AllDriverDocuments(Today.AddYears(1));

        ComplianceRules.Evaluate(OwnerTypes.Driver, documents, Today).ShouldBe(new ComplianceResult(true, []), new EqualityByIssues());
        var dbsRecheck = Today.AddDays(-10).AddMonths(6);
        ComplianceRules.Evaluate(OwnerTypes.Driver, documents, dbsRecheck).Compliant.ShouldBeTrue();
        var after = ComplianceRules.Evaluate(OwnerTypes.Driver, documents, dbsRecheck.AddDays(1));
        after.Compliant.ShouldBeFalse();
        after.Issues.ShouldBe([$"dbs expired on {dbsRecheck:yyyy-MM-dd} (6-month DBS re-check)"]);
    }

    [Fact]
    public void DBS_counts_until_its_own_expiry_when_that_is_sooner_than_six_months()
    {
        var dbs = Verified(OwnerTypes.Driver, DocumentTypes.Dbs, Today.AddMonths(2), Today.AddDays(-5));
        dbs.EffectiveExpiresOn.ShouldBe(Today.AddMonths(2));
        ComplianceDocument.EffectiveExpiry(DocumentTypes.Dbs, Today.AddDays(-5), Today.AddYears(3)).ShouldBe(Today.AddDays(-5).AddMonths(6));
        ComplianceDocument.EffectiveExpiry(DocumentTypes.Mot, Today.AddDays(-5), Today.AddYears(3)).ShouldBe(Today.AddYears(3));
    }

    [Fact]
    public void Missing_pending_rejected_and_expired_documents_are_each_named()
    {
        var mot = Verified(OwnerTypes.Vehicle, DocumentTypes.Mot, Today.AddDays(10), on: Today.AddDays(-300));
        var insurance = ComplianceDocument.Upload(OwnerTypes.Vehicle, Guid.Empty, DocumentTypes.Insurance, null, Today.AddYears(1), "k/1", "image/png", 1, "x", null, null, Now, Today);
        var v5c = ComplianceDocument.Upload(OwnerTypes.Vehicle, Guid.Empty, DocumentTypes.V5c, null, Today.AddYears(1), "k/2", "image/png", 1, "x", null, null, Now, Today);
        v5c.Reject(null, "Unreadable scan", Now);

        var result = ComplianceRules.Evaluate(OwnerTypes.Vehicle, [mot, insurance, v5c], Today.AddDays(11));

        result.Compliant.ShouldBeFalse();
        result.Issues.ShouldBe(["v5c rejected: Unreadable scan", $"mot expired on {Today.AddDays(10):yyyy-MM-dd}", "insurance awaiting verification", "plate-licence missing"]);
    }

    [Fact]
    public void Review_transitions_are_enforced()
    {
        var document = ComplianceDocument.Upload(OwnerTypes.Driver, Guid.Empty, DocumentTypes.Medical, null, Today.AddDays(5), "k/3", "application/pdf", 1, "x", null, null, Now, Today);
        Should.Throw<DomainException>(() => document.Verify(null, Now, Today.AddDays(6))).Code.ShouldBe("document_expired");
        document.Verify(null, Now, Today);
        Should.Throw<DomainException>(() => document.Verify(null, Now, Today)).Code.ShouldBe("document_not_pending");
        document.Reject(null, "Forged", Now);
        Should.Throw<DomainException>(() => document.Reject(null, "Again", Now)).Code.ShouldBe("document_not_reviewable");
        Should.Throw<DomainException>(() => ComplianceDocument.CheckDates(OwnerTypes.Driver, DocumentTypes.Dbs, null, Today.AddYears(1), Today)).Code.ShouldBe("dbs_issue_date_required");
        Should.Throw<DomainException>(() => ComplianceDocument.CheckDates(OwnerTypes.Driver, DocumentTypes.Mot, null, Today.AddYears(1), Today)).Code.ShouldBe("document_type_invalid");
        Should.Throw<DomainException>(() => ComplianceDocument.CheckDates(OwnerTypes.Driver, DocumentTypes.Dbs, Today.AddMonths(-7), Today.AddYears(1), Today)).Code.ShouldBe("document_expired");
    }

    [Fact]
    public void Drivers_leave_for_good_and_only_active_drivers_go_on_duty()
    {
        var driver = Driver.Onboard(Guid.NewGuid(), "Dan Driver", "dan@example.test", "+447700900123", "MORGA753116SM9IJ", "B1", null, "active", Now);
        driver.SetDuty(true, Now).ShouldBeTrue();
        driver.ChangeStatus("suspended", Now).ShouldBeTrue();
        driver.OnDuty.ShouldBeFalse();
        Should.Throw<DomainException>(() => driver.SetDuty(true, Now)).Code.ShouldBe("driver_not_active");
        driver.ChangeStatus("left", Now).ShouldBeTrue();
        Should.Throw<DomainException>(() => driver.ChangeStatus("active", Now)).Code.ShouldBe("driver_has_left");
        driver.FirstName.ShouldBe("Dan");
    }

    private sealed class EqualityByIssues : IEqualityComparer<ComplianceResult>
    {
        public bool Equals(ComplianceResult? x, ComplianceResult? y) => x!.Compliant == y!.Compliant && x.Issues.SequenceEqual(y.Issues);

        public int GetHashCode(ComplianceResult obj) => obj.Compliant.GetHashCode();
    }
}
