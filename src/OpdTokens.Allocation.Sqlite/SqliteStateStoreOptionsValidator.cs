using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace OpdTokens.Allocation.Sqlite;

/// <summary>Checks every setting of <see cref="SqliteStateStoreOptions"/> at once and names each bad one; never echoes
/// the connection string, which may hold a password.</summary>
internal sealed class SqliteStateStoreOptionsValidator : IValidateOptions<SqliteStateStoreOptions>
{
    private const string Section = SqliteStateStoreOptions.DefaultSectionName;

    public ValidateOptionsResult Validate(string? name, SqliteStateStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every bad setting.</summary>
    public static void ThrowIfInvalid(SqliteStateStoreOptions options)
    {
        var errors = Errors(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SqliteStateStoreOptions), errors);
        }
    }

    /// <summary>Checks a connection string: a file the store can write to.</summary>
    /// <returns>What is wrong with it, or <see langword="null"/>.</returns>
    public static string? ConnectionStringError(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "The SQLite store needs a connection string naming a database file.";
        }

        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            // The builder's message names the keyword it did not understand, not the value.
            return "The SQLite connection string is not valid: " + e.Message;
        }

        if (
            builder.Mode == SqliteOpenMode.Memory
            || string.IsNullOrEmpty(builder.DataSource)
            || builder.DataSource == ":memory:"
        )
        {
            return "The SQLite store needs a database file; an in-memory database would be lost.";
        }

        return builder.Mode == SqliteOpenMode.ReadOnly ? "The SQLite store writes to its database." : null;
    }

    private static List<string> Errors(SqliteStateStoreOptions o)
    {
        var errors = new List<string>();
        if (ConnectionStringError(o.ConnectionString) is { } connection)
        {
            errors.Add($"{Section}:{nameof(o.ConnectionString)}: {connection}");
        }

        if (o.MaxBatchSize is < 1 or > 10_000)
        {
            errors.Add($"{Section}:{nameof(o.MaxBatchSize)} must be 1 to 10000 (was {o.MaxBatchSize}).");
        }

        if (o.MaxBatchBytes is < 4096 or > 256 * 1024 * 1024)
        {
            errors.Add($"{Section}:{nameof(o.MaxBatchBytes)} must be 4096 to 268435456 (was {o.MaxBatchBytes}).");
        }

        if (o.SlowCommitThreshold < TimeSpan.Zero && o.SlowCommitThreshold != Timeout.InfiniteTimeSpan)
        {
            errors.Add(
                $"{Section}:{nameof(o.SlowCommitThreshold)} must be zero or more, or infinite (was {o.SlowCommitThreshold})."
            );
        }

        return errors;
    }
}
