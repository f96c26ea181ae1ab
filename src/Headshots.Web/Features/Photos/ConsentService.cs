using Headshots.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Features.Photos;

public sealed class ConsentService(AppDbContext db, TimeProvider clock)
{
    public Task<bool> HasConsentedAsync(string userId, CancellationToken cancellationToken) =>
        db.Consents.AnyAsync(c => c.UserId == userId && c.WithdrawnAt == null, cancellationToken);

    public async Task RecordAsync(string userId, CancellationToken cancellationToken)
    {
        if (await HasConsentedAsync(userId, cancellationToken))
        {
            return;
        }

        db.Consents.Add(new ConsentRecord { UserId = userId, TextVersion = ConsentText.Version, GivenAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
    }
}
