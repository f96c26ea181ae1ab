using Headshots.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddDatabase();      // EF Core on PostgreSQL: schema migrations, data-protection keys
builder.AddAccounts();      // ASP.NET Core Identity with the JobSeeker, Recruiter and Admin roles
builder.AddJobs();          // Hangfire on PostgreSQL: an `inference` queue with one worker and a `default` queue
builder.AddVision();        // the ONNX models of models/manifest.json, checked and opened once at start-up
builder.AddJobSeekers();    // consented uploads, generation jobs, gallery, deletion with receipts, retention
builder.AddSharing();       // share links for recruiters (tokens kept out of logs), saved candidates, file verification
builder.AddReviews();       // the admin review queue: outputs held for a person, approved or rejected with a reason
builder.AddGateLab();       // gate settings with history (admin-edited), what-if preview, calibration runs
builder.AddHealth();        // /health/live and /health/ready (database, schema, models)
builder.AddWebFrontEnd();   // Razor Pages, folder authorization, security headers, rate limits, problem details

var app = builder.Build();

if (args is ["setup", ..])
{
    // `scripts/run` calls this once before starting the app: migrate, create roles and the first admin, exit.
    return await app.RunSetupAsync();
}

app.UseWebFrontEnd();
app.MapHealth();
app.MapJobsDashboard();
app.MapWebPages();

await app.RunAsync();
return 0;

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
