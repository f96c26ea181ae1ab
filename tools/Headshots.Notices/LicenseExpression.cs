namespace Headshots.Notices;

/// <summary>
/// A NuGet licence expression (SPDX): ids joined by AND (all apply) and OR (the user picks one). Parentheses and
/// WITH exceptions are not read: a package that uses them needs a reviewed entry in <see cref="ReviewedLicenses"/>.
/// </summary>
internal static class LicenseExpression
{
    /// <summary>The ids of the first alternative whose licences are all known and permitted.</summary>
    public static IReadOnlyList<LicenseTerms> Choose(string expression, string package)
    {
        if (expression.IndexOfAny(['(', ')']) >= 0 || expression.Contains(" WITH ", StringComparison.Ordinal))
        {
            throw new NoticesException($"{package}: licence expression '{expression}' is beyond this reader; read it and add a reviewed entry to ReviewedLicenses.");
        }

        var alternatives = expression.Split(" OR ", StringSplitOptions.TrimEntries)
            .Select(a => a.Split(" AND ", StringSplitOptions.TrimEntries).Select(id => (Id: id, Terms: LicenseTerms.Find(id))).ToList())
            .ToList();
        var unknown = alternatives.SelectMany(a => a).Where(l => l.Terms is null).Select(l => l.Id).Distinct().ToList();
        if (unknown.Count > 0)
        {
            throw new NoticesException($"{package}: licence {string.Join(", ", unknown)} has not been reviewed; read its terms and add it to LicenseTerms.Known.");
        }

        var chosen = alternatives.FirstOrDefault(a => a.All(l => l.Terms!.Permitted))
            ?? throw new NoticesException($"{package} is licensed {expression}. {alternatives[0].First(l => !l.Terms!.Permitted).Terms!.Asks} Remove it or replace it.");
        return [.. chosen.Select(l => l.Terms!)];
    }
}
