using Headshots.Web.Features.Reviews;

namespace Headshots.Web.Hosting;

public static class ReviewExtensions
{
    public static void AddReviews(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<HeadshotReviews>();
    }
}
