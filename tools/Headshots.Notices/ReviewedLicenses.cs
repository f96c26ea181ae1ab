namespace Headshots.Notices;

/// <summary>
/// Licences read by a person, for package versions whose nuspec gives only a licence URL (the old NuGet form) and no
/// file to read. Keyed by id and version, so an update is read again.
/// </summary>
internal static class ReviewedLicenses
{
    private static readonly Dictionary<string, string> ByPackage = new(StringComparer.OrdinalIgnoreCase)
    {
        // licenseUrl is xunit's license.txt: the Apache License 2.0, as for every other xunit package here.
        ["xunit.abstractions/2.0.3"] = "Apache-2.0",
    };

    public static string? Find(string id, string version) => ByPackage.GetValueOrDefault($"{id}/{version}");
}
