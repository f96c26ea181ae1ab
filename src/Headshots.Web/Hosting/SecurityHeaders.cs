namespace Headshots.Web.Hosting;

public static class SecurityHeaders
{
    // Scripts and styles come only from this app (no CDNs, no inline script); images may be blob: for upload previews.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    // Hangfire's dashboard ships inline scripts and styles of its own; it is admin-only and gets a looser policy.
    private const string DashboardContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    // Share-link pages (/s/…) are opened by strangers: nothing but our own script, styles and images, no forms elsewhere.
    private const string ShareLinkContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; " +
        "frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/admin/jobs", StringComparison.OrdinalIgnoreCase)
            ? DashboardContentSecurityPolicy
            : ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        // Also for the 404/410 page re-executed for a share link: its path is then /Status, the original is kept here.
        var path = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>()?.OriginalPath ?? context.Request.Path;
        if (path.StartsWith("/s/", StringComparison.OrdinalIgnoreCase))
        {
            // The address holds a secret: no Referer may carry it elsewhere, no search engine may keep it, no cache either.
            headers.ContentSecurityPolicy = ShareLinkContentSecurityPolicy;
            headers["Referrer-Policy"] = "no-referrer";
            headers["X-Robots-Tag"] = "noindex, nofollow, noarchive";
            headers.CacheControl = "no-store";
        }

        return next(context);
    });
}
