using System.Globalization;
using System.Text;

namespace Headshots.Web.Features.Photos;

/// <summary>Upload file names are shown back to their owner only; they are never used as paths.</summary>
public static class FileNames
{
    private const int MaxLength = 100;

    /// <summary>
    /// Keeps the last path segment, drops control and bidirectional-override characters (an RTL override can make
    /// "gpj.exe" look like "exe.jpg") and shortens long names.
    /// </summary>
    public static string ForDisplay(string? fileName)
    {
        var name = (fileName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var cleaned = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }

            cleaned.Append(c);
        }

        var result = cleaned.ToString().Trim().TrimStart('.');
        if (result.Length > MaxLength)
        {
            result = result[..(MaxLength - 1)] + "…";
        }

        return result.Length == 0 ? "photo" : result;
    }
}
