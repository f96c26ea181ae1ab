namespace Headshots.Notices;

/// <summary>Tells which licence a licence file shipped inside a package is, from the wording each licence text must keep.</summary>
internal static class LicenseFiles
{
    public static string? Identify(string text)
    {
        bool Has(string phrase) => text.Contains(phrase, StringComparison.OrdinalIgnoreCase);

        if (Has("GNU Affero General Public License"))
        {
            return "AGPL-3.0-only";
        }

        if (Has("GNU Lesser General Public License") || Has("LGPLv3"))
        {
            return Has("either version 3 of the License, or (at your option) any later version") ? "LGPL-3.0-or-later" : "LGPL-3.0-only";
        }

        if (Has("GNU General Public License"))
        {
            return Has("Version 3") ? "GPL-3.0-only" : "GPL-2.0-only";
        }

        if (Has("Apache License") && Has("Version 2.0"))
        {
            return "Apache-2.0";
        }

        if (Has("Permission is hereby granted, free of charge"))
        {
            return "MIT";
        }

        return Has("Redistribution and use in source and binary forms") && Has("Neither the name") ? "BSD-3-Clause" : null;
    }

    /// <summary>The first line of the text that states a copyright, if any.</summary>
    public static string? CopyrightLine(string text) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Copyright", StringComparison.OrdinalIgnoreCase) && l.Length > "Copyright".Length);
}
