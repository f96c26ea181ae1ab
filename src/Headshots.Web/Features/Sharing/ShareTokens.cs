using System.Buffers.Text;
using System.Security.Cryptography;

namespace Headshots.Web.Features.Sharing;

/// <summary>
/// Share-link tokens: 32 bytes from the operating system's CSPRNG, written as 43 characters of base64url. The database
/// keeps only SHA-256 of the bytes; a plain hash suffices (no salt, no slow hash) because 256 random bits cannot be guessed.
/// </summary>
public static class ShareTokens
{
    public const int Bytes = 32;

    /// <summary>Base64url without padding of <see cref="Bytes"/> bytes.</summary>
    public const int Length = 43;

    public static string Create() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>The stored form of <paramref name="token"/>, or null when it cannot be one of ours (so no lookup is made).</summary>
    public static byte[]? TryHash(string? token)
    {
        if (token is not { Length: Length } || !Base64Url.IsValid(token))
        {
            return null;
        }

        var bytes = Base64Url.DecodeFromChars(token);
        return bytes.Length == Bytes ? SHA256.HashData(bytes) : null;
    }
}
