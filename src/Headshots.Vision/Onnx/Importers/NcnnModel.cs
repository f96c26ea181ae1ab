using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Headshots.Vision.Onnx.Importers;

/// <summary>One layer line of an NCNN <c>.param</c> file: <c>Type Name bottoms tops k=v…</c>.</summary>
internal sealed record NcnnLayer(string Type, string Name, IReadOnlyList<string> Bottoms, IReadOnlyList<string> Tops, NcnnParams Params);

/// <summary>
/// A layer's numbered parameters. NCNN writes scalars as <c>id=value</c> and arrays as <c>-(23300+id)=count,v1,v2…</c>;
/// a value is a float when it has a '.' or an exponent, an int otherwise.
/// </summary>
internal sealed class NcnnParams
{
    private const int ArrayKeyBase = -23300;

    private readonly Dictionary<int, string[]> _values;

    private NcnnParams(Dictionary<int, string[]> values) => _values = values;

    public static NcnnParams Parse(IEnumerable<string> pairs, string layer)
    {
        var values = new Dictionary<int, string[]>();
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !int.TryParse(pair.AsSpan(0, equals), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key))
            {
                throw new ModelImportException($"Layer '{layer}': cannot read parameter '{pair}'.");
            }

            var text = pair[(equals + 1)..];
            if (key <= ArrayKeyBase)
            {
                var items = text.Split(',');
                if (!int.TryParse(items[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count != items.Length - 1)
                {
                    throw new ModelImportException($"Layer '{layer}': array parameter '{pair}' does not hold the count it declares.");
                }

                values[ArrayKeyBase - key] = items[1..];
            }
            else
            {
                values[key] = [text];
            }
        }

        return new NcnnParams(values);
    }

    public int Int(int id, int defaultValue) => _values.TryGetValue(id, out var v) ? ParseInt(v[0], id) : defaultValue;

    public float Float(int id, float defaultValue) => _values.TryGetValue(id, out var v) ? ParseFloat(v[0], id) : defaultValue;

    public float[] Floats(int id) => _values.TryGetValue(id, out var v) ? v.Select(s => ParseFloat(s, id)).ToArray() : [];

    private static int ParseInt(string text, int id) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ModelImportException($"Parameter {id}='{text}' is not an integer.");

    private static float ParseFloat(string text, int id) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ModelImportException($"Parameter {id}='{text}' is not a number.");
}

/// <summary>An NCNN <c>.param</c> (text form, magic 7767517) and its <c>.bin</c> weights, read in layer order.</summary>
internal static class NcnnParamReader
{
    private const string Magic = "7767517";

    public static IReadOnlyList<NcnnLayer> Read(byte[] param)
    {
        var lines = Encoding.ASCII.GetString(param).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count < 2 || lines[0] != Magic)
        {
            throw new ModelImportException($"Not an NCNN text .param file: the first line is not {Magic}.");
        }

        var counts = Words(lines[1]);
        if (counts.Length != 2 || !int.TryParse(counts[0], CultureInfo.InvariantCulture, out var layerCount) || layerCount != lines.Count - 2)
        {
            throw new ModelImportException($"The .param file declares '{lines[1]}' layers and blobs but holds {lines.Count - 2} layer lines.");
        }

        return lines.Skip(2).Select(ParseLayer).ToList();
    }

    private static NcnnLayer ParseLayer(string line)
    {
        var words = Words(line);
        if (words.Length < 4
            || !int.TryParse(words[2], CultureInfo.InvariantCulture, out var bottoms)
            || !int.TryParse(words[3], CultureInfo.InvariantCulture, out var tops)
            || bottoms < 0 || tops < 0 || words.Length < 4 + bottoms + tops)
        {
            throw new ModelImportException($"Cannot read the .param layer line '{line}'.");
        }

        return new NcnnLayer(words[0], words[1], words[4..(4 + bottoms)], words[(4 + bottoms)..(4 + bottoms + tops)],
            NcnnParams.Parse(words[(4 + bottoms + tops)..], words[1]));
    }

    private static string[] Words(string line) => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// Reads weight blobs from an NCNN <c>.bin</c> in the order the layers load them. A "tagged" blob starts with a 4-byte
/// tag: 0x01306B47 means fp16 values follow (padded to 4 bytes), 0 means fp32; other tags (int8, quantised tables) are refused.
/// "Raw" blobs (biases, PReLU slopes) are fp32 with no tag.
/// </summary>
internal sealed class NcnnWeightReader
{
    private const uint Float16Tag = 0x01306B47;
    private const uint Float32Tag = 0;

    private readonly byte[] _bin;
    private int _position;

    public NcnnWeightReader(byte[] bin) => _bin = bin;

    public int Remaining => _bin.Length - _position;

    public float[] Tagged(int count)
    {
        var tag = BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
        switch (tag)
        {
            case Float16Tag:
                var halves = Take(count * 2);
                Take(((count * 2) + 3) / 4 * 4 - (count * 2));
                var values = new float[count];
                for (var i = 0; i < count; i++)
                {
                    values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(halves[(i * 2)..]);
                }

                return values;
            case Float32Tag:
                return Raw(count);
            default:
                throw new ModelImportException($"weight tag 0x{tag:X8} (int8 or a quantisation table) is not supported; only fp16 and fp32");
        }
    }

    public float[] Raw(int count)
    {
        var bytes = Take(count * 4);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
        }

        return values;
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length < 0 || length > Remaining)
        {
            throw new ModelImportException($"the .bin file ends {length - Remaining} bytes too early");
        }

        var span = _bin.AsSpan(_position, length);
        _position += length;
        return span;
    }
}
