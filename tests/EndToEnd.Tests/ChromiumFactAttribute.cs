namespace EndToEnd.Tests;

/// <summary>
/// A test that drives Debian's Chromium (<c>/usr/bin/chromium</c>; Playwright never downloads a browser here). Without
/// it the test is skipped with the reason, except in CI (<c>CI=true</c>), where a missing browser must fail the run.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumPath) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = $"{ChromiumPath} is missing: install Debian's chromium package (apt-get install chromium) to run the end-to-end tests.";
        }
    }
}
