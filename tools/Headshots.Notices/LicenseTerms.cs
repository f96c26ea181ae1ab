namespace Headshots.Notices;

/// <summary>
/// A licence the project has read, by SPDX id: whether Headshots (Apache-2.0) may use a library under it, and in one line
/// what it asks of whoever passes the app on. A package under any other licence stops the generator until someone reads
/// that licence and adds it here.
/// </summary>
internal sealed record LicenseTerms(string Id, string Name, bool Permitted, string Asks)
{
    private const string LesserGpl =
        "Pass it on as the separate, unmodified library it is (the app loads its DLL) with the LGPL-3.0 and GPL-3.0 texts, " +
        "so that users can replace it; changes to the library itself must be published under the LGPL.";

    private const string StrongCopyleft =
        "A program that links a library under it must be licensed the same way: an Apache-2.0 app cannot use it.";

    public static IReadOnlyList<LicenseTerms> Known { get; } =
    [
        new("Apache-2.0", "Apache License 2.0", true,
            "Keep the licence text, the copyright lines and any NOTICE file with copies; say which files you changed."),
        new("BSD-3-Clause", "BSD 3-Clause License", true,
            "Keep the copyright line, the three conditions and the disclaimer with copies; do not use the authors' names to promote your product."),
        new("MIT", "MIT License", true, "Keep the copyright line and the permission notice with copies."),
        new("PostgreSQL", "PostgreSQL License", true, "Keep the copyright notice and the two permission paragraphs with copies."),
        new("LGPL-3.0-only", "GNU Lesser General Public License v3.0 only", true, LesserGpl),
        new("LGPL-3.0-or-later", "GNU Lesser General Public License v3.0 or later", true, LesserGpl),
        new("GPL-2.0-only", "GNU General Public License v2.0 only", false, StrongCopyleft),
        new("GPL-3.0-only", "GNU General Public License v3.0 only", false, StrongCopyleft),
        new("AGPL-3.0-only", "GNU Affero General Public License v3.0 only", false, StrongCopyleft),
    ];

    public static LicenseTerms? Find(string id) => Known.FirstOrDefault(t => t.Id == id);

    public Uri Text => new($"https://spdx.org/licenses/{Id}.html");
}
