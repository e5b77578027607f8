using Platform.Web;

namespace Nots.Fleet.Domain;

/// <summary>A licensed private-hire vehicle and the drivers who may drive it.</summary>
internal sealed class Vehicle
{
    public static readonly IReadOnlyList<string> Classes = ["saloon", "estate", "executive", "mpv6", "mpv8"];

    private readonly List<VehicleDriver> _drivers = [];

    private Vehicle()
    {
    }

    public Guid Id { get; private set; }

    public string Registration { get; private set; } = "";

    public string Make { get; private set; } = "";

    public string Model { get; private set; } = "";

    public string Colour { get; private set; } = "";

    public string VehicleClass { get; private set; } = "";

    public int Seats { get; private set; }

    public int Suitcases { get; private set; }

    public string PlateNumber { get; private set; } = "";

    public bool WheelchairAccessible { get; private set; }

    public bool Active { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<VehicleDriver> Drivers => _drivers;

    public IReadOnlyList<Guid> DriverIds => _drivers.Select(d => d.DriverId).OrderBy(d => d).ToList();

    public static Vehicle Register(string registration, string make, string model, string colour, string vehicleClass, int seats, int suitcases,
        string plateNumber, bool wheelchairAccessible, bool active, IEnumerable<Guid> driverIds, DateTimeOffset now)
    {
        var vehicle = new Vehicle
        {
            Id = Guid.CreateVersion7(now),
            Registration = registration,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
            Active = active,
        };
        vehicle.Describe(make, model, colour, vehicleClass, seats, suitcases, plateNumber, wheelchairAccessible);
        vehicle.AssignDrivers(driverIds);
        return vehicle;
    }

    public void Change(string? registration, string? make, string? model, string? colour, string? vehicleClass, int? seats, int? suitcases,
        string? plateNumber, bool? wheelchairAccessible, bool? active, IEnumerable<Guid>? driverIds, DateTimeOffset now)
    {
        Registration = registration ?? Registration;
        Describe(make ?? Make, model ?? Model, colour ?? Colour, vehicleClass ?? VehicleClass, seats ?? Seats, suitcases ?? Suitcases,
            plateNumber ?? PlateNumber, wheelchairAccessible ?? WheelchairAccessible);
        Active = active ?? Active;
        if (driverIds is not null)
        {
            AssignDrivers(driverIds);
        }

        UpdatedAt = now;
        Version++;
    }

    private void Describe(string make, string model, string colour, string vehicleClass, int seats, int suitcases, string plateNumber, bool wheelchairAccessible)
    {
        if (!Classes.Contains(vehicleClass))
        {
            throw new DomainException("vehicle_class_invalid", $"Vehicle class must be one of {string.Join(", ", Classes)}.");
        }

        // A private-hire vehicle carries at most 8 passengers; an MPV8 is licensed for 7 or 8.
        var (minSeats, maxSeats) = vehicleClass switch
        {
            "mpv8" => (7, 8),
            "mpv6" => (5, 6),
            _ => (1, 4),
        };
        if (seats < minSeats || seats > maxSeats)
        {
            throw new DomainException("vehicle_seats_invalid", $"A {vehicleClass} has {minSeats} to {maxSeats} passenger seats.");
        }

        if (suitcases is < 0 or > 20)
        {
            throw new DomainException("vehicle_suitcases_invalid", "Suitcases must be 0 to 20.");
        }

        Make = make;
        Model = model;
        Colour = colour;
        VehicleClass = vehicleClass;
        Seats = seats;
        Suitcases = suitcases;
        PlateNumber = plateNumber;
        WheelchairAccessible = wheelchairAccessible;
    }

    private void AssignDrivers(IEnumerable<Guid> driverIds)
    {
        var wanted = driverIds.Distinct().ToList();
        if (wanted.Count > 10)
        {
            throw new DomainException("vehicle_drivers_invalid", "At most 10 drivers share a vehicle.");
        }

        _drivers.RemoveAll(d => !wanted.Contains(d.DriverId));
        foreach (var id in wanted.Where(id => _drivers.All(d => d.DriverId != id)))
        {
            _drivers.Add(new VehicleDriver(Id, id));
        }
    }
}

/// <summary>A driver assigned to a vehicle.</summary>
internal sealed class VehicleDriver(Guid vehicleId, Guid driverId)
{
    public Guid VehicleId { get; private set; } = vehicleId;

    public Guid DriverId { get; private set; } = driverId;
}
