using System.ComponentModel.DataAnnotations;
using Headshots.Web.Data;
using Headshots.Web.Features.Audit;
using Headshots.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Headshots.Web.Pages.Account;

[EnableRateLimiting(RateLimitPolicies.Account)]
public sealed class LoginModel(SignInManager<AppUser> signIn, AuditLog audit, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await signIn.UserManager.FindByEmailAsync(Input.Email.Trim());
        if (user is { IsDisabled: true })
        {
            logger.LogWarning("Sign-in refused for disabled account {UserId}", user.Id);
            await audit.RecordAsync(AuditEvents.LoginRefusedDisabled, $"Sign-in refused: {user.Email} is disabled", $"user:{user.Id}",
                new AuditActor(user.Id, user.Email));
            ModelState.AddModelError(string.Empty, "This account has been disabled. Contact the site's operator.");
            return Page();
        }

        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await audit.RecordAsync(AuditEvents.LoginSucceeded, $"{user!.Email} signed in", $"user:{user.Id}", new AuditActor(user.Id, user.Email));
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        logger.LogWarning("Failed sign-in for {Email}", Input.Email);
        var attempted = Input.Email.Trim();
        await audit.RecordAsync(result.IsLockedOut ? AuditEvents.LoginLockedOut : AuditEvents.LoginFailed,
            result.IsLockedOut ? $"Sign-in refused: {attempted} is locked out after repeated failures"
                : user is null ? $"Failed sign-in for {attempted} (no such account)" : $"Failed sign-in for {attempted} (wrong password)",
            user is null ? null : $"user:{user.Id}", new AuditActor(user?.Id, attempted[..Math.Min(attempted.Length, 256)]));
        ModelState.AddModelError(string.Empty, result.IsLockedOut
            ? "Too many failed attempts. The account is locked for 15 minutes."
            : "Email or password is wrong.");
        return Page();
    }

    public sealed class LoginInput
    {
        [Required, EmailAddress]
        public string Email { get; set; } = "";

        [Required]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }
}
