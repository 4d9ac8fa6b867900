using System.ComponentModel;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace OpdTokens.Allocation.Tests.Serialization;

/// <summary>Ids convert from and to strings through <see cref="TypeDescriptor"/>, so configuration binding and model
/// binding take them as text.</summary>
public sealed class IdTypeConverterTests
{
    private static readonly PartitionKey Day = new(new DoctorId("D1"), new DateOnly(2026, 11, 21));

    public static TheoryData<Type, string, object> Ids =>
        new()
        {
            { typeof(DoctorId), "D1", new DoctorId("D1") },
            { typeof(PartitionKey), "D1/2026-11-21", Day },
            { typeof(SlotId), "S-D1-20261121-3", new SlotId(Day, 3) },
            { typeof(TokenId), "T-D1-20261121-17", new TokenId(Day, 17) },
        };

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_id_converts_from_and_to_its_text(Type type, string text, object id)
    {
        var converter = TypeDescriptor.GetConverter(type);

        Assert.True(converter.CanConvertFrom(typeof(string)));
        Assert.True(converter.CanConvertTo(typeof(string)));
        Assert.False(converter.CanConvertFrom(typeof(int)));
        Assert.Equal(id, converter.ConvertFromInvariantString(text));
        Assert.Equal(id, converter.ConvertFrom(null, CultureInfo.GetCultureInfo("ar-SA"), text));
        Assert.Equal(text, converter.ConvertToInvariantString(id));
        Assert.Throws<FormatException>(() => converter.ConvertFromInvariantString(text + "!"));
        Assert.Throws<NotSupportedException>(() => converter.ConvertFrom(42));
        var refused = Assert.Throws<InvalidOperationException>(() =>
            converter.ConvertToString(Activator.CreateInstance(type))
        );
        Assert.Contains("not an id", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_binds_ids_from_their_text()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(
                new Dictionary<string, string?>
                {
                    ["Desk:Doctor"] = "card-rao",
                    ["Desk:Day"] = "card-rao/2026-11-21",
                    ["Desk:Slot"] = "S-card-rao-20261121-2",
                }
            )
            .Build();

        var desk = configuration.GetSection("Desk").Get<DeskSettings>()!;

        Assert.Equal(new DoctorId("card-rao"), desk.Doctor);
        Assert.Equal(new PartitionKey(new DoctorId("card-rao"), new DateOnly(2026, 11, 21)), desk.Day);
        Assert.Equal(new SlotId(desk.Day, 2), desk.Slot);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1812", Justification = "Made by the binder.")]
    private sealed class DeskSettings
    {
        public DoctorId Doctor { get; set; }

        public PartitionKey Day { get; set; }

        public SlotId? Slot { get; set; }
    }
}
