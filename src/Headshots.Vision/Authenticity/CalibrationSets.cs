using System.Globalization;
using System.Text;

namespace Headshots.Vision.Authenticity;

/// <summary>Two photos and whether they show the same person.</summary>
public sealed record LabelledPair(string FileA, string FileB, bool Same);

/// <summary>A gate trial: a user's reference photos, one candidate photo, and whether it shows that user.</summary>
public sealed record RefsetTrial(string User, IReadOnlyList<string> References, string Candidate, bool Same);

/// <summary>A photo of a known person from a labelled collection's manifest.</summary>
public sealed record LabelledPhoto(string File, string Identity, string Role);

/// <summary>Reads and builds the CSV files of a calibration run (header row first, extra columns ignored, quoted fields allowed).</summary>
public static class CalibrationSets
{
    /// <summary>Header <c>file_a,file_b,same</c> (same = 1 or 0).</summary>
    public static IReadOnlyList<LabelledPair> ReadPairs(TextReader reader)
    {
        var rows = ReadCsv(reader, "file_a", "file_b", "same");
        return rows.Select(r => new LabelledPair(r[0], r[1], ParseSame(r[2]))).ToList();
    }

    /// <summary>Header <c>user,references,candidate,same</c>; references separated by <c>;</c>.</summary>
    public static IReadOnlyList<RefsetTrial> ReadRefset(TextReader reader)
    {
        var rows = ReadCsv(reader, "user", "references", "candidate", "same");
        return rows.Select(r => new RefsetTrial(r[0], r[1].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), r[2], ParseSame(r[3]))).ToList();
    }

    public static void WriteRefset(TextWriter writer, IEnumerable<RefsetTrial> trials)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(trials);
        writer.WriteLine("user,references,candidate,same");
        foreach (var t in trials)
        {
            writer.WriteLine(string.Join(',', Quote(t.User), Quote(string.Join(';', t.References)), Quote(t.Candidate), t.Same ? "1" : "0"));
        }
    }

    /// <summary>Header with at least <c>file,identity,role</c> (the ../shared/faces manifest).</summary>
    public static IReadOnlyList<LabelledPhoto> ReadManifest(TextReader reader)
    {
        var rows = ReadCsv(reader, "file", "identity", "role");
        return rows.Select(r => new LabelledPhoto(r[0], r[1], r[2])).ToList();
    }

    /// <summary>
    /// Leave-one-out trials: for every person with at least <paramref name="minPhotos"/> photos of role
    /// <c>identity</c>, each photo in turn is the candidate and the next <paramref name="referenceCount"/> of that
    /// person's other photos (in manifest order, wrapping) are the references. The same references then meet every photo
    /// of every other person (labelled or <c>singleton</c>) as impostor candidates. Edited copies (<c>variant</c>) and
    /// group photos are left out: they would make genuine trials trivially easy or ambiguous.
    /// </summary>
    public static IReadOnlyList<RefsetTrial> BuildLeaveOneOut(IReadOnlyList<LabelledPhoto> manifest, int minPhotos = 4, int referenceCount = 3)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (referenceCount < 1 || minPhotos <= referenceCount)
        {
            throw new ArgumentException("Need at least one reference and more photos per person than references.", nameof(minPhotos));
        }

        var people = manifest.Where(p => p.Role is "identity" or "singleton").ToList();
        var trials = new List<RefsetTrial>();
        foreach (var person in manifest.Where(p => p.Role == "identity").GroupBy(p => p.Identity, StringComparer.Ordinal))
        {
            var photos = person.Select(p => p.File).ToList();
            if (photos.Count < minPhotos)
            {
                continue;
            }

            for (var i = 0; i < photos.Count; i++)
            {
                var references = Enumerable.Range(1, referenceCount).Select(k => photos[(i + k) % photos.Count]).ToList();
                trials.Add(new RefsetTrial(person.Key, references, photos[i], true));
                trials.AddRange(people
                    .Where(p => !string.Equals(p.Identity, person.Key, StringComparison.Ordinal))
                    .Select(p => new RefsetTrial(person.Key, references, p.File, false)));
            }
        }

        return trials;
    }

    private static bool ParseSame(string value) => value.Trim() switch
    {
        "1" or "true" or "True" => true,
        "0" or "false" or "False" => false,
        _ => throw new FormatException($"'same' must be 1 or 0, got '{value}'."),
    };

    private static List<string[]> ReadCsv(TextReader reader, params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine() ?? throw new FormatException("The CSV file is empty.");
        var names = SplitLine(header);
        var indices = columns.Select(c => Array.FindIndex(names, n => string.Equals(n.Trim(), c, StringComparison.OrdinalIgnoreCase))).ToArray();
        for (var i = 0; i < columns.Length; i++)
        {
            if (indices[i] < 0)
            {
                throw new FormatException($"The CSV header lacks the column '{columns[i]}' (expected {string.Join(',', columns)}).");
            }
        }

        var rows = new List<string[]>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = SplitLine(line);
            if (indices.Max() >= fields.Length)
            {
                throw new FormatException($"Line {lineNumber.ToString(CultureInfo.InvariantCulture)} has too few columns.");
            }

            rows.Add(indices.Select(i => fields[i]).ToArray());
        }

        return rows;
    }

    private static string[] SplitLine(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields.ToArray();
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
