using Headshots.Web.Data;
using Headshots.Web.Features.Privacy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Headshots.Web.Pages.Account.Manage;

public sealed class DeleteModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, DeletionService deletion) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string password, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            ModelState.AddModelError(string.Empty, "The password is wrong; nothing was deleted.");
            return Page();
        }

        var receipt = await deletion.DeleteAccountAsync(user, cancellationToken);
        await signIn.SignOutAsync();
        return RedirectToPage("/Privacy/Receipt", new { id = receipt.Id });
    }
}
