using System.ComponentModel.DataAnnotations;
using Headshots.Web.Data;
using Headshots.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Headshots.Web.Pages.Account.Manage;

public sealed class ChangePasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AuditLog audit) : PageModel
{
    [BindProperty]
    public ChangePasswordInput Input { get; set; } = new();

    public bool Changed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var result = await users.ChangePasswordAsync(user, Input.CurrentPassword, Input.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error.Code == "PasswordMismatch" ? "The current password is wrong." : error.Description);
            }

            return Page();
        }

        // The security stamp changed; refresh this session's cookie so it stays signed in (other sessions end).
        await signIn.RefreshSignInAsync(user);
        await audit.RecordAsync(AuditEvents.PasswordChanged, $"{user.Email} changed their password", $"user:{user.Id}");
        Changed = true;
        Input = new ChangePasswordInput();
        return Page();
    }

    public sealed class ChangePasswordInput
    {
        [Required]
        public string CurrentPassword { get; set; } = "";

        [Required, StringLength(200, MinimumLength = 10, ErrorMessage = "Use at least 10 characters.")]
        public string NewPassword { get; set; } = "";
    }
}
