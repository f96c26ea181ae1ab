using System.Security.Cryptography;
using Headshots.Web.Data;
using Headshots.Web.Features.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Features.Accounts;

/// <summary>Account operations shared by the registration page, the admin pages and the setup command.</summary>
public sealed class AccountAdministration(UserManager<AppUser> users, TimeProvider clock, AuditLog audit)
{
    public async Task<(AppUser? User, IdentityResult Result)> RegisterAsync(string email, string displayName, string password, string role)
    {
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            DisplayName = displayName,
            CreatedAt = clock.GetUtcNow(),
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            return (null, result);
        }

        result = await users.AddToRoleAsync(user, role);
        if (result.Succeeded)
        {
            await audit.RecordAsync(AuditEvents.AccountRegistered, $"Registered {email} as {role}", $"user:{user.Id}",
                new AuditActor(user.Id, email));
        }

        return (result.Succeeded ? user : null, result);
    }

    /// <summary>
    /// Makes sure at least one admin exists. Returns the generated password when one had to be made up
    /// (it is shown once and never stored in clear), otherwise null.
    /// </summary>
    public async Task<BootstrapAdminResult> EnsureAdminAsync(string email, string? password)
    {
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        if (admins.Count > 0)
        {
            return new BootstrapAdminResult(admins[0].Email!, Created: false, GeneratedPassword: null);
        }

        var generated = password is null ? GeneratePassword() : null;
        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            // An account with that email exists already (registered as a job seeker): promote it, keep its password.
            await users.AddToRoleAsync(existing, Roles.Admin);
            return new BootstrapAdminResult(email, Created: false, GeneratedPassword: null);
        }

        var (_, result) = await RegisterAsync(email, "Administrator", password ?? generated!, Roles.Admin);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                "Could not create the first admin: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        return new BootstrapAdminResult(email, Created: true, generated);
    }

    public async Task<IdentityResult> SetRolesAsync(AppUser user, IReadOnlyCollection<string> roles)
    {
        var current = await users.GetRolesAsync(user);
        var result = await users.RemoveFromRolesAsync(user, current.Except(roles));
        if (result.Succeeded)
        {
            result = await users.AddToRolesAsync(user, roles.Except(current).Where(Roles.All.Contains));
        }

        if (result.Succeeded)
        {
            // Open sessions pick up the new roles at the next security-stamp check.
            await users.UpdateSecurityStampAsync(user);
            var now = roles.Where(Roles.All.Contains).Order(StringComparer.Ordinal).ToList();
            if (!now.SequenceEqual(current.Order(StringComparer.Ordinal)))
            {
                await audit.RecordAsync(AuditEvents.RolesChanged,
                    $"Roles of {user.Email}: {Describe(current)} → {Describe(now)}", $"user:{user.Id}");
            }
        }

        return result;
    }

    public async Task SetDisabledAsync(AppUser user, bool disabled)
    {
        user.IsDisabled = disabled;
        user.LockoutEnabled = true;
        user.LockoutEnd = disabled ? DateTimeOffset.MaxValue : null;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await audit.RecordAsync(disabled ? AuditEvents.AccountDisabled : AuditEvents.AccountEnabled,
            $"{(disabled ? "Disabled" : "Enabled")} the account {user.Email}", $"user:{user.Id}");
    }

    private static string Describe(IEnumerable<string> roles) => roles.Any() ? string.Join(", ", roles) : "no role";

    public Task<List<AppUser>> ListAsync() => users.Users.OrderBy(u => u.Email).ToListAsync();

    private static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');
}

public sealed record BootstrapAdminResult(string Email, bool Created, string? GeneratedPassword);
