using System.Globalization;
using System.Threading.RateLimiting;
using Headshots.Web.Features.Accounts;
using Microsoft.Extensions.Options;

namespace Headshots.Web.Hosting;

public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>Serve pages. Turn off for worker-only instances, which then answer only the health endpoints.</summary>
    public bool Enabled { get; set; } = true;
}

public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in and registration attempts per client address per minute (password guessing).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int AccountPermitsPerMinute { get; set; } = 20;

    /// <summary>Photo uploads per signed-in user per minute (each runs the face models).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int UploadPermitsPerMinute { get; set; } = 30;

    /// <summary>All other requests per client address per minute.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int GeneralPermitsPerMinute { get; set; } = 600;

    /// <summary>Share-link requests (page, images, saves) per client address per minute: each looks a token up.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int ShareLinkPermitsPerMinute { get; set; } = 120;
}

public static class RateLimitPolicies
{
    public const string Account = "account";

    public const string Upload = "upload";

    public const string ShareLink = "share-link";
}

public static class WebFrontEndExtensions
{
    public static void AddWebFrontEnd(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section);
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.AddRazorPages(options =>
        {
            // Every page needs a signed-in user unless it is listed as anonymous here.
            options.Conventions.AuthorizeFolder("/");
            options.Conventions.AuthorizeFolder("/Admin", Roles.Admin);
            options.Conventions.AuthorizeFolder("/Account/Manage");
            options.Conventions.AuthorizeFolder("/Photos", Roles.JobSeeker);
            options.Conventions.AuthorizeFolder("/Headshots", Roles.JobSeeker);
            options.Conventions.AuthorizeFolder("/Recruiter", Roles.Recruiter);
            options.Conventions.AllowAnonymousToFolder("/Share");
            options.Conventions.AllowAnonymousToFolder("/Privacy");
            options.Conventions.AllowAnonymousToPage("/Index");
            options.Conventions.AllowAnonymousToPage("/Error");
            options.Conventions.AllowAnonymousToPage("/Status");
            options.Conventions.AllowAnonymousToPage("/Account/Login");
            options.Conventions.AllowAnonymousToPage("/Account/Register");
        });

        builder.Services.AddProblemDetails();
        builder.Services.AddRateLimiter(options =>
        {
            // The built-in limiter answers 503 by default; a client that is asked to slow down should get 429 and a hint when to retry.
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            options.AddPolicy(RateLimitPolicies.Account, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(ClientKey(context), _ => PerMinute(limits.AccountPermitsPerMinute));
            });
            options.AddPolicy(RateLimitPolicies.Upload, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var user = context.User.Identity?.IsAuthenticated == true ? "user:" + context.User.Identity.Name : ClientKey(context);
                return RateLimitPartition.GetFixedWindowLimiter(user, _ => PerMinute(limits.UploadPermitsPerMinute));
            });
            options.AddPolicy(RateLimitPolicies.ShareLink, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(ClientKey(context), _ => PerMinute(limits.ShareLinkPermitsPerMinute));
            });
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(ClientKey(context), _ => PerMinute(limits.GeneralPermitsPerMinute));
            });
        });
    }

    public static void UseWebFrontEnd(this WebApplication app)
    {
        app.UseExceptionHandler("/Error");
        app.UseStatusCodePagesWithReExecute("/Status", "?code={0}");
        app.UseSecurityHeaders();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
    }

    public static void MapWebPages(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<WebOptions>>().Value.Enabled)
        {
            app.MapRazorPages();
        }
    }

    // The connection's address, not X-Forwarded-For: a forwarded header is trusted only when an operator configures
    // the forwarded-headers middleware for a known proxy.
    private static string ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static FixedWindowRateLimiterOptions PerMinute(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
