using System.ComponentModel.DataAnnotations;
using Headshots.Web.Data;
using Headshots.Web.Features.Accounts;
using Headshots.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Headshots.Web.Pages.Account;

[EnableRateLimiting(RateLimitPolicies.Account)]
public sealed class RegisterModel(AccountAdministration accounts, SignInManager<AppUser> signIn) : PageModel
{
    [BindProperty]
    public RegisterInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // Self-registration always makes a job seeker; recruiter and admin roles are given by an admin.
        var (user, result) = await accounts.RegisterAsync(Input.Email.Trim(), Input.DisplayName.Trim(), Input.Password, Roles.JobSeeker);
        if (user is null)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error.Code is "DuplicateUserName" or "DuplicateEmail"
                    ? "An account with this email exists already. Log in instead."
                    : error.Description);
            }

            return Page();
        }

        await signIn.SignInAsync(user, isPersistent: false);
        return LocalRedirect("/");
    }

    public sealed class RegisterInput
    {
        [Required, StringLength(100), Display(Name = "Your name")]
        public string DisplayName { get; set; } = "";

        [Required, EmailAddress, StringLength(256)]
        public string Email { get; set; } = "";

        [Required, StringLength(200, MinimumLength = 10, ErrorMessage = "Use at least 10 characters.")]
        public string Password { get; set; } = "";

        [Required, Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
        public string ConfirmPassword { get; set; } = "";
    }
}
