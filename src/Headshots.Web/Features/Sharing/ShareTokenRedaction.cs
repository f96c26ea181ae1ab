using Microsoft.AspNetCore.Http.Features;

namespace Headshots.Web.Features.Sharing;

/// <summary>The token of a <c>/s/{token}</c> request, taken out of the path before anything could log it.</summary>
public sealed class ShareTokenFeature(string token)
{
    public string Token { get; } = token;
}

/// <summary>
/// Moves the token of <c>/s/{token}/…</c> out of the request path into <see cref="ShareTokenFeature"/>, leaving
/// <c>/s/link/…</c>. It has to happen here, when the server hands the request to the app: ASP.NET Core's hosting
/// diagnostics log "Request starting … {path}" before the first middleware runs, and routing, Razor Pages and the
/// status-code pages log the path or route values too. Rewritten at this point, no logger ever sees the token.
/// </summary>
public sealed class ShareTokenRedactingContextFactory(IHttpContextFactory inner) : IHttpContextFactory
{
    /// <summary>What the path reads instead of the token (routes of the share pages start with it).</summary>
    public const string Prefix = "/s/link";

    public HttpContext Create(IFeatureCollection featureCollection)
    {
        ArgumentNullException.ThrowIfNull(featureCollection);
        var request = featureCollection.Get<IHttpRequestFeature>();
        if (request is not null && TryRedact(request.Path, out var redactedPath, out var token))
        {
            request.Path = redactedPath;
            // The raw request line (logged by some servers' diagnostics) would still hold it.
            request.RawTarget = redactedPath + request.QueryString;
            featureCollection.Set(new ShareTokenFeature(token));
        }

        return inner.Create(featureCollection);
    }

    public void Dispose(HttpContext httpContext) => inner.Dispose(httpContext);

    /// <summary><c>/s/abc</c> → <c>/s/link</c>, <c>/s/abc/image/1</c> → <c>/s/link/image/1</c>; other paths untouched.</summary>
    public static bool TryRedact(string path, out string redacted, out string token)
    {
        redacted = path;
        token = "";
        if (!path.StartsWith("/s/", StringComparison.OrdinalIgnoreCase) || path.Length == 3)
        {
            return false;
        }

        var end = path.IndexOf('/', 3);
        token = end < 0 ? path[3..] : path[3..end];
        redacted = Prefix + (end < 0 ? "" : path[end..]);
        return true;
    }
}
