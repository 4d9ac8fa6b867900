using System.Text.Json;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Serialization;

namespace OpdTokens.Docs.Snippets;

/// <summary>The code of the "Serialisation" section of docs/articles/storage.md.</summary>
public static class Serialisation
{
    public static (string Json, TokenId Token, Dictionary<SlotId, int> Counts) Ids()
    {
        #region ids
        var token = TokenId.Parse("T-D1-20261121-17");
        var counts = new Dictionary<SlotId, int> { [new SlotId(token.Partition, 3)] = 12 };

        // Ids are JSON strings in their text form, also as dictionary keys: no options needed.
        var json = JsonSerializer.Serialize(new { token, counts });
        // {"token":"T-D1-20261121-17","counts":{"S-D1-20261121-3":12}}
        #endregion

        using var document = JsonDocument.Parse(json);
        return (
            json,
            document.RootElement.GetProperty("token").Deserialize<TokenId>(),
            document.RootElement.GetProperty("counts").Deserialize<Dictionary<SlotId, int>>()!
        );
    }

    public static async Task<(DoctorDay Day, string Json, DoctorDay Read)> DayAsync()
    {
        using var example = await ExampleDay.StartAsync(new OpdTokenAllocationOptions(), 1, 2);
        await example.RequestAsync("Asha", TokenSource.Online, example.Slots[0]);
        await example.RequestAsync("Ravi", TokenSource.WalkIn, example.Slots[0]); // moves on to the 10:00 slot
        var day = await example.ReadDayAsync();

        #region serialise-day
        // A doctor-day is one document: every slot, token (with its patient and history) and idempotency record.
        var options = new JsonSerializerOptions { Converters = { new DoctorDayJsonConverter() } };

        var json = JsonSerializer.Serialize(day, options);
        var read = JsonSerializer.Deserialize<DoctorDay>(json, options)!; // rebuilt and checked by DoctorDay.Create
        #endregion

        return (day, json, read);
    }
}
