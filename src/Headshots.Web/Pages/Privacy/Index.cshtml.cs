using Headshots.Web.Features.Photos;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Headshots.Web.Pages.Privacy;

public sealed class IndexModel(IOptions<PhotoOptions> options) : PageModel
{
    public int RetentionDays => options.Value.RetentionDays;

    public IReadOnlyList<string> ConsentParagraphs => ConsentText.Paragraphs(RetentionDays);

    public string ConsentVersion => ConsentText.Version;

    public void OnGet()
    {
    }
}
