using Microsoft.AspNetCore.Hosting;

namespace OpdTokens.Samples.Api.Tests.Storage;

public sealed class StorageSelectionTests
{
    [Fact]
    public void Postgres_without_a_connection_string_refuses_to_start_and_names_the_setting()
    {
        var error = StartupError(("Storage:Provider", "postgres"));

        Assert.Contains("ConnectionStrings:OpdTokens", error, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__OpdTokens", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_store_refuses_to_start_and_lists_the_stores()
    {
        var error = StartupError(("Storage:Provider", "mongodb"));

        Assert.Contains("Storage:Provider (--store) is 'mongodb'", error, StringComparison.Ordinal);
        Assert.Contains("inmemory, sqlite, postgres", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_in_memory_sqlite_database_refuses_to_start_and_names_the_setting_without_echoing_it()
    {
        var error = StartupError(
            ("Storage:Provider", "sqlite"),
            ("ConnectionStrings:OpdTokens", "Data Source=:memory:;Password=hunter2")
        );

        Assert.Contains(
            "ConnectionStrings:OpdTokens is not usable for the sqlite store",
            error,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    /// <summary>Starts the host with settings it reads while it is being built, and returns what stopped it.</summary>
    private static string StartupError(params (string Key, string Value)[] settings)
    {
        using var factory = new ApiFactory();
        using var host = factory.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });

        var error = Record.Exception(() => host.CreateClient());

        Assert.NotNull(error);
        return error.ToString();
    }
}
