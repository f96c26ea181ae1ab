namespace Headshots.Vision.Tests.Cli;

/// <summary>
/// A test on the labelled calibration photos in ../shared/faces. They may not be redistributed, so machines without
/// them report the test as skipped with the reason, never as passed.
/// </summary>
public sealed class SharedFacesFactAttribute : FactAttribute
{
    public SharedFacesFactAttribute()
    {
        if (!File.Exists(Path.Combine(TestPaths.SharedFaces, "pairs.csv")))
        {
            Skip = $"Calibration photos not present at {TestPaths.SharedFaces} (pairs.csv, manifest.csv); the gate evaluation needs them.";
        }
    }
}
