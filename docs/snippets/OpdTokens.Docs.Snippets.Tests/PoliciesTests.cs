using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpdTokens.Allocation;
using OpdTokens.Allocation.Policies;

namespace OpdTokens.Docs.Snippets.Tests;

public sealed class PoliciesTests
{
    [Fact]
    public void Shipped_policies_score_as_the_article_says()
    {
        Assert.Equal((30, 35, 1000, 106, 100), Policies.Scores());
    }

    [Fact]
    public void Weighted_policy_is_chosen_by_name_with_its_numbers()
    {
        using var provider = Policies.ChooseWeighted();

        Assert.Equal(PriorityPolicyNames.Weighted, provider.GetRequiredService<IPriorityPolicy>().Name);
        Assert.Equal(
            8,
            provider.GetRequiredService<IOptions<OpdTokenAllocationOptions>>().Value.Weighted.FollowUpWeight
        );
        Assert.NotNull(provider.GetRequiredService<IAllocationEngine>());
    }

    [Fact]
    public void Weighted_configuration_file_matches_the_code_sample()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.Weighted.json"))
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddOpdTokenAllocation().Options.BindConfiguration(OpdTokenAllocationOptions.DefaultSectionName);
        using var fromFile = services.BuildServiceProvider();
        using var fromCode = Policies.ChooseWeighted();

        var file = fromFile.GetRequiredService<IOptions<OpdTokenAllocationOptions>>().Value;
        var code = fromCode.GetRequiredService<IOptions<OpdTokenAllocationOptions>>().Value;
        Assert.Equal(PriorityPolicyNames.Weighted, fromFile.GetRequiredService<IPriorityPolicy>().Name);
        Assert.Equal(code.PriorityPolicy, file.PriorityPolicy);
        Assert.Equal(code.Weighted.FollowUpWeight, file.Weighted.FollowUpWeight);
        Assert.Equal(code.Weighted.OccupancyBonusCeiling, file.Weighted.OccupancyBonusCeiling);
    }

    [Fact]
    public async Task Custom_policy_scores_every_new_token()
    {
        var (emergency, paid) = await Policies.CustomPolicyAsync();

        Assert.Equal(1000, emergency.PriorityScore);
        Assert.Equal(0, paid.PriorityScore);
    }

    [Fact]
    public void Patient_aware_policies_score_as_the_article_says()
    {
        Assert.Equal((210, 10, 10, 210, 410, 1000), Policies.PatientScores());
    }

    [Fact]
    public async Task The_desk_gives_the_date_of_birth_and_attributes_and_the_token_keeps_them()
    {
        var token = await Policies.PatientAtTheDeskAsync();

        Assert.Equal(new DateOnly(1946, 8, 15), token.Patient.DateOfBirth);
        Assert.True(token.Patient.Attributes.Has("mobility", "wheelchair"));
        Assert.Equal(new DateOnly(2026, 11, 21), token.Date);
        Assert.Equal(80, token.Patient.AgeOn(token.Date));
        Assert.Equal(215, token.PriorityScore);
    }
}
