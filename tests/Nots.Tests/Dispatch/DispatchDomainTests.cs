using Nots.Bookings.Dispatch;
using Nots.Contracts.Dispatch;
using Nots.Contracts.Fleet;
using Nots.Dispatch.Domain;
using Platform.Notifications;
using Platform.Web;

namespace Nots.Tests.Dispatch;

public sealed class DispatchDomainTests
{
    private static readonly DateTimeOffset Now = new(2027, 5, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid DriverId = Guid.NewGuid();
    private static readonly Guid VehicleId = Guid.NewGuid();

    [Fact]
    public void A_job_moves_only_in_the_driver_flow_order()
    {
        var job = NewJob(Now.AddHours(2));
        Should.Throw<DomainException>(() => job.StartEnRoute(Now)).Code.ShouldBe("invalid_transition");
        job.Offer(DriverId, VehicleId, DispatchModes.Offer, "disp", Now, Now.AddSeconds(90));
        Should.Throw<DomainException>(() => job.Accept(Guid.NewGuid(), Now)).Code.ShouldBe("invalid_transition");
        Should.Throw<DomainException>(() => job.Assign(DriverId, VehicleId, "disp", Now)).Code.ShouldBe("job_not_assignable");
        job.Accept(DriverId, Now.AddSeconds(30));
        Should.Throw<DomainException>(() => job.Complete(Now)).Code.ShouldBe("invalid_transition");
        job.StartEnRoute(Now);
        job.Arrive(Now);
        job.Board(Now);
        job.Complete(Now);
        job.Status.ShouldBe(JobStatuses.Completed);
        job.Cancel(Now);
        job.Status.ShouldBe(JobStatuses.Completed);
    }

    [Fact]
    public void An_expired_offer_cannot_be_accepted()
    {
        var job = NewJob(Now.AddHours(2));
        job.Offer(DriverId, VehicleId, DispatchModes.Auto, null, Now, Now.AddSeconds(90));
        job.OfferAttempts.ShouldBe(1);
        Should.Throw<DomainException>(() => job.Accept(DriverId, Now.AddSeconds(90))).Code.ShouldBe("offer_expired");
    }

    [Theory]
    [InlineData(null, 14, false)]
    [InlineData(null, 15, true)]
    [InlineData("BA123", 44, false)]
    [InlineData("BA123", 45, true)]
    public void No_show_waits_the_free_waiting_time_after_pickup(string? flight, int minutesAfterPickup, bool allowed)
    {
        var pickup = Now;
        var job = NewJob(pickup, flight);
        job.Assign(DriverId, VehicleId, "disp", Now.AddHours(-1));
        job.StartEnRoute(Now.AddMinutes(-30));
        job.Arrive(Now.AddMinutes(-5));
        var wait = job.FreeWaiting(TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(45));
        if (allowed)
        {
            job.MarkNoShow(wait, 51.47, -0.45, pickup.AddMinutes(minutesAfterPickup)).ShouldContain("51.47");
            job.Status.ShouldBe(JobStatuses.NoShow);
        }
        else
        {
            Should.Throw<DomainException>(() => job.MarkNoShow(wait, null, null, pickup.AddMinutes(minutesAfterPickup))).Code.ShouldBe("waiting_time_not_over");
        }
    }

    [Fact]
    public void Eligibility_checks_the_party_against_the_vehicle_and_duty_against_the_pickup()
    {
        var job = NewJob(Now.AddMinutes(30), passengers: 3, suitcases: 2);
        var driver = new DriverSnapshot(DriverId, Guid.NewGuid(), "Dan Driver", "Dan", "d@x.test", "+447700900001", "L", "PH1", DriverStatuses.Active, false, true, [], [VehicleId], null);
        var vehicle = new VehicleSnapshot(VehicleId, "HF71 ABC", "Skoda", "Superb", "Silver", "saloon", 4, 2, "PL1", false, true, true, [], [DriverId]);
        Should.Throw<DomainException>(() => Eligibility.Check(job, driver, vehicle, Now, TimeSpan.FromHours(1))).Code.ShouldBe("driver_off_duty");
        Eligibility.Check(job, driver with { OnDuty = true }, vehicle, Now, TimeSpan.FromHours(1));
        Should.Throw<DomainException>(() => Eligibility.Check(job, driver with { OnDuty = true }, vehicle with { Seats = 2 }, Now, TimeSpan.FromHours(1))).Code.ShouldBe("vehicle_too_few_seats");
    }

    [Fact]
    public void Great_circle_distance_from_London_to_Paris_is_214_miles() =>
        GreatCircle.Miles(51.5074, -0.1278, 48.8566, 2.3522).ShouldBeInRange(213, 215);

    [Fact]
    public void Driver_text_messages_fit_in_one_SMS()
    {
        var model = new Dictionary<string, object?>
        {
            ["Reference"] = "NT-7K3F9Q",
            ["DriverFirstName"] = "Alexandria",
            ["Colour"] = "Metallic grey",
            ["Make"] = "Mercedes-Benz",
            ["Registration"] = "HF71 ABC",
            ["PickupTime"] = "14 Nov 04:30",
        };
        foreach (var template in new[] { DispatchTemplates.DriverAssignedSms, DispatchTemplates.DriverEnRouteSms, DispatchTemplates.DriverArrivedSms })
        {
            TemplateRenderer.Render(template.Text, model, html: false).Length.ShouldBeLessThanOrEqualTo(160);
        }
    }

    private static Job NewJob(DateTimeOffset pickupAt, string? flight = null, int passengers = 2, int suitcases = 2) =>
        Job.Create(Guid.NewGuid(), "NT-TEST01", "saloon",
            new JobTerms(pickupAt, "Heathrow T5", "Poole", passengers, suitcases, 129, 101.2m, 51.47, -0.45, 50.71, -1.98, "Ann Hirer", true, flight),
            auto: false, Now, Now, 60);
}
