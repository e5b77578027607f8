namespace Platform.Testing;

/// <summary>A clock that moves only when a test moves it (FakeTimeProvider is not in our registry).</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    /// <summary>Starts at a fixed, realistic instant.</summary>
    public ManualTimeProvider()
        : this(new DateTimeOffset(2027, 5, 3, 9, 0, 0, TimeSpan.Zero))
    {
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan by) => _now = _now.Add(by);

    /// <summary>Sets the clock.</summary>
    public void Set(DateTimeOffset now) => _now = now;
}
