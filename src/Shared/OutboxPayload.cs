using System.Text.Json;
using OpdTokens.Allocation.Serialization;

namespace OpdTokens.Allocation.Storage.Relational;

/// <summary>The outbox's payload column: an event as the JSON of <see cref="AllocationEventJsonConverter"/>.</summary>
internal static class OutboxPayload
{
    public static string Write(AllocationEvent allocationEvent) =>
        JsonSerializer.Serialize(allocationEvent, AllocationEventJsonConverter.Options);

    public static AllocationEvent Read(string payload) =>
        JsonSerializer.Deserialize<AllocationEvent>(payload, AllocationEventJsonConverter.Options)
        ?? throw new JsonException("The outbox payload is null.");
}
