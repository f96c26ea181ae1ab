using Headshots.Web.Data;
using Headshots.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Headshots.Web.Pages.Admin;

public sealed class UsersModel(AccountAdministration accounts, UserManager<AppUser> users) : PageModel
{
    public IReadOnlyList<UserRow> Rows { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostRolesAsync(string userId, string[] roles)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return NotFound();
        }

        if (user.Id == users.GetUserId(User) && !roles.Contains(Roles.Admin))
        {
            // Removing your own admin role can leave the site without any admin.
            ModelState.AddModelError(string.Empty, "You cannot remove your own admin role.");
            await LoadAsync();
            return Page();
        }

        var result = await accounts.SetRolesAsync(user, roles);
        Message = result.Succeeded ? $"Roles of {user.Email} saved." : string.Join(" ", result.Errors.Select(e => e.Description));
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDisabledAsync(string userId, bool disabled)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return NotFound();
        }

        if (user.Id == users.GetUserId(User))
        {
            ModelState.AddModelError(string.Empty, "You cannot disable your own account.");
            await LoadAsync();
            return Page();
        }

        await accounts.SetDisabledAsync(user, disabled);
        Message = disabled ? $"{user.Email} is disabled." : $"{user.Email} is active again.";
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        var rows = new List<UserRow>();
        foreach (var user in await accounts.ListAsync())
        {
            rows.Add(new UserRow(user.Id, user.Email ?? "", user.DisplayName, user.IsDisabled, (await users.GetRolesAsync(user)).ToHashSet()));
        }

        Rows = rows;
    }

    public sealed record UserRow(string Id, string Email, string DisplayName, bool IsDisabled, IReadOnlySet<string> Roles);
}
