using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Imaging;

namespace Headshots.Web.Features.Gate;

/// <summary>Limits on an uploaded calibration zip, which is treated as hostile.</summary>
public sealed class CalibrationOptions
{
    public const string Section = "Calibration";

    /// <summary>Largest zip accepted (the request limit of the upload page is set a little above this).</summary>
    [Range(1024, CalibrationArchive.RequestLimitBytes - (1024 * 1024))]
    public long MaxZipBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Most entries (files and folders) in the zip: its central directory is read before anything else.</summary>
    [Range(2, 100_000)]
    public int MaxEntries { get; set; } = 1000;

    /// <summary>Most images a set may name: evaluating takes about 0.1–0.2 s per image on 2 cores.</summary>
    [Range(2, 10_000)]
    public int MaxImages { get; set; } = 500;

    /// <summary>Most pairs pairs.csv may list.</summary>
    [Range(2, 1_000_000)]
    public int MaxPairs { get; set; } = 50_000;

    /// <summary>Largest uncompressed entry (an image, or pairs.csv); the same 15 MiB as a photo upload.</summary>
    [Range(1024, 200L * 1024 * 1024)]
    public long MaxEntryBytes { get; set; } = 15L * 1024 * 1024;

    /// <summary>Largest total uncompressed size of the entries read: what stops a zip bomb.</summary>
    [Range(1024, 4L * 1024 * 1024 * 1024)]
    public long MaxTotalUncompressedBytes { get; set; } = 400L * 1024 * 1024;
}

/// <summary>A calibration zip refused, with a message that says what to fix.</summary>
public sealed class CalibrationArchiveException(string message) : Exception(message);

/// <summary>A labelled set read from a zip: the pairs and the bytes of every image they name.</summary>
public sealed record CalibrationSet(IReadOnlyList<LabelledPair> Pairs, IReadOnlyDictionary<string, byte[]> Images);

/// <summary>
/// Reads a calibration zip: images plus <c>pairs.csv</c> (header <c>file_a,file_b,same</c>, the format of
/// <c>headshots gate eval --pairs</c>) at its top level or inside its one top-level folder. Nothing is written to disk.
/// Checked, in this order: zip size, entry count, every entry name (no absolute paths, drive letters, backslashes or
/// <c>..</c>), declared sizes, pairs.csv present and well-formed, every named file present with an image extension,
/// and then — reading with a counter, since a zip's declared sizes can lie — the real uncompressed sizes and each
/// image's magic bytes (JPEG, PNG or WebP; the safe loader decodes them later).
/// </summary>
public static class CalibrationArchive
{
    /// <summary>The upload page's request-size limit; <see cref="CalibrationOptions.MaxZipBytes"/> must stay below it.</summary>
    public const long RequestLimitBytes = 201L * 1024 * 1024;

    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".webp"];

    public static CalibrationSet Read(byte[] zip, CalibrationOptions limits)
    {
        ArgumentNullException.ThrowIfNull(zip);
        ArgumentNullException.ThrowIfNull(limits);
        if (zip.Length > limits.MaxZipBytes)
        {
            throw new CalibrationArchiveException($"The zip is {Size(zip.Length)}; the limit is {Size(limits.MaxZipBytes)}.");
        }

        ZipArchive archive;
        try
        {
            archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            throw new CalibrationArchiveException("This file is not a zip archive (or it is damaged). Upload a .zip with your images and pairs.csv.");
        }

        using (archive)
        {
            return Read(archive, limits);
        }
    }

    private static CalibrationSet Read(ZipArchive archive, CalibrationOptions limits)
    {
        System.Collections.ObjectModel.ReadOnlyCollection<ZipArchiveEntry> entries;
        try
        {
            entries = archive.Entries;
        }
        catch (InvalidDataException)
        {
            throw new CalibrationArchiveException("The zip's table of contents is damaged. Create the zip again.");
        }

        if (entries.Count > limits.MaxEntries)
        {
            throw new CalibrationArchiveException($"The zip has {entries.Count} entries; the limit is {limits.MaxEntries}.");
        }

        var files = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        long declared = 0;
        foreach (var entry in entries)
        {
            var problem = UnsafeName(entry.FullName);
            if (problem is not null)
            {
                throw new CalibrationArchiveException($"The zip contains an unsafe file name \"{Printable(entry.FullName)}\": {problem}. Nothing was read.");
            }

            if (entry.FullName.EndsWith('/'))
            {
                continue; // a folder
            }

            if (!files.TryAdd(entry.FullName, entry))
            {
                throw new CalibrationArchiveException($"The zip contains \"{Printable(entry.FullName)}\" twice.");
            }

            declared += entry.Length;
            if (entry.Length > limits.MaxEntryBytes)
            {
                throw new CalibrationArchiveException($"\"{Printable(entry.FullName)}\" unpacks to {Size(entry.Length)}; the limit per file is {Size(limits.MaxEntryBytes)}.");
            }
        }

        if (declared > limits.MaxTotalUncompressedBytes)
        {
            throw new CalibrationArchiveException($"The zip unpacks to {Size(declared)}; the limit is {Size(limits.MaxTotalUncompressedBytes)}.");
        }

        var (pairsEntry, folder) = FindPairs(files);
        var budget = new Budget(limits.MaxTotalUncompressedBytes);
        IReadOnlyList<LabelledPair> pairs;
        try
        {
            var text = Encoding.UTF8.GetString(ReadAll(pairsEntry, limits.MaxEntryBytes, budget));
            using var reader = new StringReader(text.TrimStart('\uFEFF'));
            pairs = CalibrationSets.ReadPairs(reader);
        }
        catch (FormatException e)
        {
            throw new CalibrationArchiveException($"pairs.csv: {e.Message} The header must be file_a,file_b,same and same must be 1 or 0.");
        }

        if (pairs.Count == 0)
        {
            throw new CalibrationArchiveException("pairs.csv lists no pairs.");
        }

        if (pairs.Count > limits.MaxPairs)
        {
            throw new CalibrationArchiveException($"pairs.csv lists {pairs.Count} pairs; the limit is {limits.MaxPairs}.");
        }

        if (!pairs.Any(p => p.Same) || pairs.All(p => p.Same))
        {
            throw new CalibrationArchiveException("pairs.csv needs at least one pair of the same person (same = 1) and one of different people (same = 0): error rates need both.");
        }

        var names = new List<string>();
        for (var i = 0; i < pairs.Count; i++)
        {
            foreach (var name in new[] { pairs[i].FileA, pairs[i].FileB })
            {
                var key = name.Trim();
                if (!files.ContainsKey(folder + key) || UnsafeName(key) is not null)
                {
                    throw new CalibrationArchiveException($"pairs.csv pair {(i + 1).ToString(CultureInfo.InvariantCulture)} ({Printable(pairs[i].FileA)}, {Printable(pairs[i].FileB)}) names \"{Printable(name)}\", which is not in the zip{(folder.Length > 0 ? $" (names are relative to {Printable(folder)})" : "")}.");
                }

                if (!ImageExtensions.Contains(Path.GetExtension(key).ToLowerInvariant()))
                {
                    throw new CalibrationArchiveException($"\"{Printable(key)}\" is not a .jpg, .jpeg, .png or .webp file.");
                }

                names.Add(key);
            }
        }

        var distinct = names.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > limits.MaxImages)
        {
            throw new CalibrationArchiveException($"pairs.csv names {distinct.Count} images; the limit is {limits.MaxImages} (each takes about 0.2 s to evaluate).");
        }

        var images = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in distinct)
        {
            var bytes = ReadAll(files[folder + name], limits.MaxEntryBytes, budget);
            if (ImageSniffer.Detect(bytes) is not (ImageFormatKind.Jpeg or ImageFormatKind.Png or ImageFormatKind.WebP))
            {
                throw new CalibrationArchiveException($"\"{Printable(name)}\" is not a JPEG, PNG or WebP image.");
            }

            images[name] = bytes;
        }

        return new CalibrationSet(pairs.Select(p => p with { FileA = p.FileA.Trim(), FileB = p.FileB.Trim() }).ToList(), images);
    }

    /// <summary>pairs.csv at the top level, or in the zip's only top-level folder (what zipping a folder gives).</summary>
    private static (ZipArchiveEntry Entry, string Folder) FindPairs(Dictionary<string, ZipArchiveEntry> files)
    {
        if (files.TryGetValue("pairs.csv", out var top))
        {
            return (top, "");
        }

        var nested = files.Keys.Where(k => k.Count(c => c == '/') == 1 && k.EndsWith("/pairs.csv", StringComparison.Ordinal)).ToList();
        if (nested.Count == 1)
        {
            return (files[nested[0]], nested[0][..^"pairs.csv".Length]);
        }

        throw new CalibrationArchiveException(nested.Count > 1
            ? "The zip has more than one pairs.csv; put exactly one at its top level."
            : "The zip has no pairs.csv. Put one at its top level with the header file_a,file_b,same (same = 1 or 0), naming the images in the zip.");
    }

    private static string? UnsafeName(string name)
    {
        if (name.Length == 0)
        {
            return "the name is empty";
        }

        if (name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal) || name.Contains(':', StringComparison.Ordinal))
        {
            return "absolute paths, drive letters and backslashes are not allowed";
        }

        if (name.Any(char.IsControl))
        {
            return "it contains control characters";
        }

        var segments = name.TrimEnd('/').Split('/');
        return segments.Any(s => s is ".." or "." or "") ? "it steps out of the zip's folder (\"..\") or has empty parts" : null;
    }

    /// <summary>Reads an entry counting real bytes: a zip's declared sizes are not trusted.</summary>
    private static byte[] ReadAll(ZipArchiveEntry entry, long maxEntryBytes, Budget budget)
    {
        try
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk)) > 0)
            {
                buffer.Write(chunk, 0, read);
                budget.Spend(read);
                if (buffer.Length > maxEntryBytes)
                {
                    throw new CalibrationArchiveException($"\"{Printable(entry.FullName)}\" unpacks to more than {Size(maxEntryBytes)}, the limit per file.");
                }
            }

            return buffer.ToArray();
        }
        catch (InvalidDataException)
        {
            throw new CalibrationArchiveException($"\"{Printable(entry.FullName)}\" is damaged or uses a compression method other than deflate.");
        }
    }

    private static string Printable(string name)
    {
        var clean = new string(name.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Length > 120 ? clean[..120] + "…" : clean;
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024
        ? (bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " MiB"
        : (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB";

    private sealed class Budget(long limit)
    {
        private long _spent;

        public void Spend(long bytes)
        {
            _spent += bytes;
            if (_spent > limit)
            {
                throw new CalibrationArchiveException($"The zip unpacks to more than {Size(limit)}, the limit (a compressed file that expands enormously is refused).");
            }
        }
    }
}
