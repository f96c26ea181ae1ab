using System.Xml.Linq;

namespace Headshots.Notices;

/// <summary>What a package says about its terms: the licence chosen for it, its copyright, and notice files it carries.</summary>
internal sealed record PackageLicense(
    RestoredPackage Package,
    string Expression,
    IReadOnlyList<LicenseTerms> Terms,
    string Copyright,
    string? LicenseFile,
    IReadOnlyList<string> NoticeFiles)
{
    /// <summary>Reads the package's nuspec and, when the nuspec points at one, the licence file inside the package.</summary>
    public static PackageLicense Read(RestoredPackage package)
    {
        var name = $"{package.Id} {package.Version}";
        var nuspec = Directory.GetFiles(package.Folder, "*.nuspec").SingleOrDefault()
            ?? throw new NoticesException($"{name}: no .nuspec in {package.Folder}; run 'dotnet restore' again.");
        var metadata = XDocument.Load(nuspec).Root!.Elements().First(e => e.Name.LocalName == "metadata");
        string? Field(string field) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == field)?.Value.Trim() is { Length: > 0 } value ? value : null;

        var license = metadata.Elements().FirstOrDefault(e => e.Name.LocalName == "license");
        string? licenseFile = null;
        string? licenseText = null;
        string expression;
        if (license?.Attribute("type")?.Value == "expression")
        {
            expression = license.Value.Trim();
        }
        else if (license?.Attribute("type")?.Value == "file")
        {
            licenseFile = license.Value.Trim();
            licenseText = File.ReadAllText(Path.Combine(package.Folder, licenseFile));
            expression = LicenseFiles.Identify(licenseText)
                ?? throw new NoticesException($"{name}: cannot tell which licence {licenseFile} is; read it and add a reviewed entry to ReviewedLicenses.");
        }
        else
        {
            expression = ReviewedLicenses.Find(package.Id, package.Version)
                ?? throw new NoticesException($"{name} names no licence expression or file{(Field("licenseUrl") is { } url ? $", only the URL {url}" : "")}; read it and add a reviewed entry to ReviewedLicenses.");
        }

        var copyright = Field("copyright") is { } stated
            ? stated
            : (licenseText is null ? null : LicenseFiles.CopyrightLine(licenseText)) ?? $"not stated (authors: {Field("authors") ?? "not stated"})";
        var notices = Directory.GetFiles(package.Folder)
            .Select(Path.GetFileName)
            .Where(f => f!.StartsWith("ThirdPartyNotices", StringComparison.OrdinalIgnoreCase)
                || f.StartsWith("THIRD-PARTY-NOTICES", StringComparison.OrdinalIgnoreCase)
                || f.StartsWith("NOTICE", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new PackageLicense(package, expression, LicenseExpression.Choose(expression, name), copyright, licenseFile, notices!);
    }
}
