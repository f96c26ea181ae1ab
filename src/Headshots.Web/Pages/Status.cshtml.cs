using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Headshots.Web.Pages;

[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Title { get; private set; } = "";

    public string Message { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code) => (Title, Message) = code switch
    {
        404 => ("Not found", "There is nothing at this address. It may have been deleted, or the link is mistyped."),
        403 => ("Not allowed", "Your account does not have access to this page."),
        410 => ("Gone", "This link has expired or was withdrawn by its owner."),
        429 => ("Too many requests", "You are going a little fast. Please wait a minute and try again."),
        _ => ($"Error {code}", "The request could not be completed."),
    };
}
