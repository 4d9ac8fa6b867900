using Microsoft.Data.Sqlite;

namespace OpdTokens.Allocation.Sqlite.Tests;

/// <summary>A folder for a test's database files, deleted with everything in it.</summary>
public sealed class TemporaryFolder
{
    public TemporaryFolder() => Path = Directory.CreateTempSubdirectory("opdtokens-sqlite-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string DatabaseConnectionString(string name, int? defaultTimeoutSeconds = null)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = File(name) };
        if (defaultTimeoutSeconds is { } timeout)
        {
            builder.DefaultTimeout = timeout;
        }

        return builder.ToString();
    }

    public void Delete()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
