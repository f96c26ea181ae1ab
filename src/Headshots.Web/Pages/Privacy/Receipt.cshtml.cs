using Headshots.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Pages.Privacy;

/// <summary>
/// Open to anyone holding the receipt's id (a random GUID): after deleting an account the person is no longer signed in,
/// and the receipt holds only a date and counts.
/// </summary>
public sealed class ReceiptModel(AppDbContext db) : PageModel
{
    public DeletionReceipt? Receipt { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        Receipt = await db.DeletionReceipts.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        return Receipt is null ? NotFound() : Page();
    }
}
