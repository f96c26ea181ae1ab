using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Headshots.Web.Pages.Admin;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
