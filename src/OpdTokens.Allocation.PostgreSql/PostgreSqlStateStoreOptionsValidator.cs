using Microsoft.Extensions.Options;
using Npgsql;

namespace OpdTokens.Allocation.PostgreSql;

/// <summary>Checks every setting of <see cref="PostgreSqlStateStoreOptions"/> at once and names each bad one; never
/// echoes the connection string, which may hold a password.</summary>
internal sealed class PostgreSqlStateStoreOptionsValidator : IValidateOptions<PostgreSqlStateStoreOptions>
{
    private const string Section = PostgreSqlStateStoreOptions.DefaultSectionName;

    public ValidateOptionsResult Validate(string? name, PostgreSqlStateStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Errors(options, needsConnectionString: true);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every bad setting.</summary>
    public static void ThrowIfInvalid(PostgreSqlStateStoreOptions options, bool needsConnectionString)
    {
        var errors = Errors(options, needsConnectionString);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PostgreSqlStateStoreOptions), errors);
        }
    }

    /// <summary>Checks a connection string.</summary>
    /// <returns>What is wrong with it, or <see langword="null"/>.</returns>
    public static string? ConnectionStringError(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "The PostgreSQL store needs a connection string.";
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            // Npgsql's message names the keyword it did not understand, not the value.
            return "The PostgreSQL connection string is not valid: " + e.Message;
        }

        return builder.Pooling && builder.MaxPoolSize < 2
            ? "The PostgreSQL store needs a Maximum Pool Size of at least 2: one connection for commits, the rest for "
                + "loads."
            : null;
    }

    /// <summary>Checks a schema name.</summary>
    /// <returns>What is wrong with it, or <see langword="null"/>.</returns>
    public static string? SchemaError(string? schema) =>
        schema is not null && PostgreSqlStateStore.IsSchemaName(schema)
            ? null
            : "A schema name is 1 to 63 lower-case letters, digits and underscores, starting with a letter or "
                + "underscore.";

    private static List<string> Errors(PostgreSqlStateStoreOptions o, bool needsConnectionString)
    {
        var errors = new List<string>();
        if (needsConnectionString && ConnectionStringError(o.ConnectionString) is { } connection)
        {
            errors.Add($"{Section}:{nameof(o.ConnectionString)}: {connection}");
        }

        if (SchemaError(o.Schema) is { } schema)
        {
            errors.Add($"{Section}:{nameof(o.Schema)}: {schema}");
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
