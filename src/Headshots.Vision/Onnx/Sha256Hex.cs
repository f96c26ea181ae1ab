using System.Security.Cryptography;

namespace Headshots.Vision.Onnx;

/// <summary>sha256 as 64 lowercase hex digits, the form the manifest pins.</summary>
public static class Sha256Hex
{
    public static string Of(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string OfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static bool IsValid(string? hex) =>
        hex is { Length: 64 } && hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
