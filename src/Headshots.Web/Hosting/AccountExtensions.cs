using Headshots.Web.Data;
using Headshots.Web.Features.Accounts;
using Headshots.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Headshots.Web.Hosting;

public static class AccountExtensions
{
    public static void AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddIdentity<AppUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                // NIST SP 800-63B: length over composition rules.
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireDigit = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders();

        // A disabled account or a changed role takes effect within a minute, not at cookie expiry.
        builder.Services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "headshots.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = "/Account/Login";
            options.LogoutPath = "/Account/Logout";
            // A signed-in user without the role is answered 403 in place (the status page explains it), not redirected
            // to a page that answers 403 only on the second request: a client, a proxy or a test sees the refusal itself.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.SlidingExpiration = true;
        });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Admin, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Roles.Recruiter, policy => policy.RequireRole(Roles.Recruiter, Roles.Admin))
            .AddPolicy(Roles.JobSeeker, policy => policy.RequireRole(Roles.JobSeeker));

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<AccountAdministration>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<AuditLog>();
    }
}
