using Headshots.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Headshots.Web.Pages;

public sealed class IndexModel(UserManager<AppUser> users) : PageModel
{
    public string DisplayName { get; private set; } = "";

    public async Task OnGetAsync()
    {
        if (User.Identity?.IsAuthenticated == true && await users.GetUserAsync(User) is { } user)
        {
            DisplayName = user.DisplayName.Length > 0 ? user.DisplayName : user.Email ?? "";
        }
    }
}
