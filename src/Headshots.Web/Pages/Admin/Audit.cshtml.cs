using Headshots.Web.Data;
using Headshots.Web.Features.Audit;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Pages.Admin;

public sealed class AuditModel(AppDbContext db, AuditLog audit) : PageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    /// <summary>Part of the actor's email or of the subject, e.g. an account's email or <c>headshot:…</c>.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Who { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    /// <summary>Show entries older than this id (paging backwards through history).</summary>
    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    /// <summary>Whether entries older than this page match the filters too.</summary>
    public bool HasOlder { get; private set; }

    public long Total { get; private set; }

    public AuditChainReport? Verification { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        Verification = await audit.VerifyAsync(cancellationToken);
        await LoadAsync(cancellationToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Kind))
        {
            query = query.Where(e => e.Kind == Kind);
        }

        if (!string.IsNullOrWhiteSpace(Who))
        {
            var pattern = "%" + Who.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            query = query.Where(e => EF.Functions.ILike(e.ActorName ?? "", pattern) || EF.Functions.ILike(e.Subject ?? "", pattern)
                || EF.Functions.ILike(e.Details, pattern));
        }

        if (From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(e => e.At >= start);
        }

        if (To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(e => e.At < end);
        }

        Total = await query.LongCountAsync(cancellationToken);
        if (Before is { } before)
        {
            query = query.Where(e => e.Id < before);
        }

        // One more than a page tells whether an "older" link leads anywhere.
        var page = await query.OrderByDescending(e => e.Id).Take(PageSize + 1).ToListAsync(cancellationToken);
        HasOlder = page.Count > PageSize;
        Entries = [.. page.Take(PageSize)];
    }
}
