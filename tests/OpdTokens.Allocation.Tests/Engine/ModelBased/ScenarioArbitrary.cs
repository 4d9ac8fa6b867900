using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;

namespace OpdTokens.Allocation.Tests.Engine.ModelBased;

/// <summary>Generates scenarios (a few slots first, then a weighted mix of every command) and shrinks them by
/// dropping steps, then by simplifying what is left.</summary>
public static class ScenarioArbitrary
{
    private static readonly Gen<int> AnyDoctor = Gen.Frequency(
        (6, Gen.Constant(0)),
        (3, Gen.Constant(1)),
        (1, Gen.Constant(2))
    );
    private static readonly Gen<int> AnyDay = Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Constant(1)));
    private static readonly Gen<int> SlotIndex = Gen.Frequency((19, Gen.Choose(0, 7)), (1, Gen.Constant(-1)));
    private static readonly Gen<int> TokenIndex = Gen.Frequency((19, Gen.Choose(0, 40)), (1, Gen.Constant(-1)));

    private static readonly Gen<TokenSource> Source = Gen.Frequency(
        (2, Gen.Constant(TokenSource.Emergency)),
        (2, Gen.Constant(TokenSource.Paid)),
        (2, Gen.Constant(TokenSource.FollowUp)),
        (3, Gen.Constant(TokenSource.Online)),
        (4, Gen.Constant(TokenSource.WalkIn))
    );

    private static readonly Gen<ScenarioStep> ChangeStatus =
        from token in TokenIndex
        from status in Gen.Frequency(
            (4, Gen.Constant(TokenStatus.CheckedIn)),
            (3, Gen.Constant(TokenStatus.Consulting)),
            (3, Gen.Constant(TokenStatus.Completed)),
            (4, Gen.Constant(TokenStatus.Cancelled)),
            (3, Gen.Constant(TokenStatus.NoShow)),
            (1, Gen.Constant(TokenStatus.Allocated)),
            (1, Gen.Constant(TokenStatus.Waitlisted))
        )
        select (ScenarioStep)new ChangeStatusStep(token, status);

    private static readonly Gen<ScenarioSettings> MixedSettings =
        from doctors in Gen.Choose(1, 3)
        from perSlot in Gen.Choose(0, 2)
        from perDay in Gen.Frequency((2, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 2).Select(n => (int?)n)))
        from maxBumps in Gen.Choose(0, 2)
        from policy in Gen.Elements("tiered", "weighted")
        select new ScenarioSettings(doctors, perSlot, perDay, maxBumps, policy);

    /// <summary>Scenarios over up to three doctors and two days, with every command.</summary>
    public static Gen<Scenario> Mixed(int maxSteps) => Generator(MixedSettings, AnyDoctor, AnyDay, 1, maxSteps);

    /// <summary>Scenarios on one doctor's day with many requests for preferred slots, where bumps, overflows,
    /// promotions and the waitlist are common.</summary>
    public static Gen<Scenario> BusyDay(int maxSteps) =>
        Generator(
            MixedSettings.Select(s => s with { Doctors = 1, MaxBumps = Math.Max(1, s.MaxBumps) }),
            Gen.Constant(0),
            Gen.Constant(0),
            3,
            maxSteps
        );

    private static Gen<Scenario> Generator(
        Gen<ScenarioSettings> settingsGen,
        Gen<int> doctor,
        Gen<int> day,
        int allocationBoost,
        int maxSteps
    )
    {
        var openingSlot = AddSlotOf(
            Gen.Frequency((4, Gen.Constant(0)), (1, doctor)),
            Gen.Frequency((6, Gen.Constant(0)), (1, day))
        );
        var anyStep = AnyStep(doctor, day, allocationBoost);
        return Gen.Sized(size =>
            from settings in settingsGen
            from slotCount in Gen.Choose(1, 8)
            from slots in Gen.ListOf(openingSlot, slotCount)
            from stepCount in Gen.Choose(0, Math.Clamp(size, 1, maxSteps))
            from steps in Gen.ListOf(anyStep, stepCount)
            select new Scenario(settings, [.. slots, .. steps])
        );
    }

    private static Gen<ScenarioStep> AddSlotOf(Gen<int> doctors, Gen<int> days) =>
        from doctor in doctors
        from day in days
        from start in Gen.Choose(0, 17)
        from halves in Gen.Choose(1, 3)
        from capacity in Gen.Choose(1, 4)
        select (ScenarioStep)new AddSlotStep(doctor, day, start, halves, capacity);

    private static Gen<ScenarioStep> AnyStep(Gen<int> doctor, Gen<int> day, int allocationBoost)
    {
        var allocate =
            from d in doctor
            from dd in day
            from slot in Gen.Frequency(
                (1, Gen.Constant<int?>(null)),
                (2 * allocationBoost, SlotIndex.Select(s => (int?)s))
            )
            from source in Source
            from patient in Gen.Frequency((1, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 5).Select(p => (int?)p)))
            from key in Gen.Frequency((2, Gen.Constant<int?>(null)), (1, Gen.Choose(0, 5).Select(k => (int?)k)))
            from waits in Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false)))
            from flaw in Gen.Frequency(
                (30, Gen.Constant(Flaw.None)),
                (1, Gen.Constant(Flaw.EmptyName)),
                (1, Gen.Constant(Flaw.BadPhone)),
                (1, Gen.Constant(Flaw.BadKey))
            )
            select (ScenarioStep)new AllocateStep(d, dd, slot, source, patient, key, waits, flaw);
        return Gen.Frequency(
            (4, AddSlotOf(doctor, day)),
            (30 * allocationBoost, allocate),
            (3, Gen.Choose(0, 9).Select(n => (ScenarioStep)new ReplayStep(n))),
            (14, ChangeStatus),
            (3, Gen.Zip(TokenIndex, SlotIndex, (t, s) => (ScenarioStep)new ReallocateStep(t, s))),
            (
                2,
                from d in doctor
                from dd in day
                from minutes in Gen.Elements(0, 10, 30, 60, 800)
                select (ScenarioStep)new DelayStep(d, dd, minutes)
            ),
            (2, from d in doctor from dd in day from slot in SlotIndex select (ScenarioStep)new CloseStep(d, dd, slot)),
            (
                3,
                from d in doctor
                from dd in day
                from slot in SlotIndex
                from capacity in Gen.Choose(0, 4)
                select (ScenarioStep)new ResizeStep(d, dd, slot, capacity)
            ),
            (1, doctor.Select(d => (ScenarioStep)new ToggleDoctorStep(d))),
            (4, Gen.Elements(15, 45, 90, 240).Select(m => (ScenarioStep)new AdvanceStep(m))),
            (2, Gen.Constant((ScenarioStep)new FailNextCommitStep()))
        );
    }

    /// <summary>Scenarios from a generator, shrunk by <see cref="Shrink"/>.</summary>
    public static Arbitrary<Scenario> Shrinking(Gen<Scenario> generator) => Arb.From(generator, Shrink);

    /// <summary>Smaller scenarios first: without a half, without one step, then with one step or setting
    /// simplified.</summary>
    public static IEnumerable<Scenario> Shrink(Scenario scenario)
    {
        var steps = scenario.Steps;
        if (steps.Length > 1)
        {
            yield return scenario with
            {
                Steps = steps[..(steps.Length / 2)],
            };
            yield return scenario with
            {
                Steps = steps[(steps.Length / 2)..],
            };
        }

        for (var i = steps.Length - 1; i >= 0; i--)
        {
            yield return scenario with
            {
                Steps = steps.RemoveAt(i),
            };
        }

        foreach (var settings in ShrinkSettings(scenario.Settings))
        {
            yield return scenario with
            {
                Settings = settings,
            };
        }

        for (var i = 0; i < steps.Length; i++)
        {
            foreach (var simpler in ShrinkStep(steps[i]))
            {
                yield return scenario with
                {
                    Steps = steps.SetItem(i, simpler),
                };
            }
        }
    }

    private static IEnumerable<ScenarioSettings> ShrinkSettings(ScenarioSettings s)
    {
        var d = ScenarioSettings.Default;
        if (s.Doctors != d.Doctors)
        {
            yield return s with
            {
                Doctors = d.Doctors,
            };
        }

        if (s.OverflowPerSlot != d.OverflowPerSlot)
        {
            yield return s with
            {
                OverflowPerSlot = d.OverflowPerSlot,
            };
        }

        if (s.OverflowPerDay != d.OverflowPerDay)
        {
            yield return s with
            {
                OverflowPerDay = d.OverflowPerDay,
            };
        }

        if (s.MaxBumps != d.MaxBumps)
        {
            yield return s with
            {
                MaxBumps = d.MaxBumps,
            };
        }

        if (s.Policy != d.Policy)
        {
            yield return s with
            {
                Policy = d.Policy,
            };
        }
    }

    private static IEnumerable<ScenarioStep> ShrinkStep(ScenarioStep step)
    {
        switch (step)
        {
            case AllocateStep a:
                if (a.Flaw != Flaw.None)
                {
                    yield return a with
                    {
                        Flaw = Flaw.None,
                    };
                }

                if (a.Key is not null)
                {
                    yield return a with
                    {
                        Key = null,
                    };
                }

                if (a.Patient is not null)
                {
                    yield return a with
                    {
                        Patient = null,
                    };
                }

                if (!a.WaitlistIfFull)
                {
                    yield return a with
                    {
                        WaitlistIfFull = true,
                    };
                }

                if (a.Source != TokenSource.WalkIn)
                {
                    yield return a with
                    {
                        Source = TokenSource.WalkIn,
                    };
                }

                if (a.Slot is > 0)
                {
                    yield return a with
                    {
                        Slot = 0,
                    };
                }

                if (a.Doctor != 0 || a.Day != 0)
                {
                    yield return a with
                    {
                        Doctor = 0,
                        Day = 0,
                    };
                }

                break;
            case AddSlotStep s:
                if (s.Capacity > 1)
                {
                    yield return s with
                    {
                        Capacity = s.Capacity - 1,
                    };
                }

                if (s.Doctor != 0 || s.Day != 0)
                {
                    yield return s with
                    {
                        Doctor = 0,
                        Day = 0,
                    };
                }

                break;
            case ChangeStatusStep c when c.Token > 0:
                yield return c with
                {
                    Token = 0,
                };
                break;
            case ReallocateStep r when r.Token > 0 || r.Slot > 0:
                yield return r with
                {
                    Token = Math.Min(r.Token, 0),
                    Slot = Math.Min(r.Slot, 0),
                };
                break;
            case ResizeStep r when r.Slot > 0 || r.Doctor != 0 || r.Day != 0:
                yield return r with
                {
                    Slot = Math.Min(r.Slot, 0),
                    Doctor = 0,
                    Day = 0,
                };
                break;
            case CloseStep c when c.Slot > 0 || c.Doctor != 0 || c.Day != 0:
                yield return c with
                {
                    Slot = Math.Min(c.Slot, 0),
                    Doctor = 0,
                    Day = 0,
                };
                break;
            case AdvanceStep a when a.Minutes > 15:
                yield return a with
                {
                    Minutes = 15,
                };
                break;
            case ReplayStep r when r.Nth > 0:
                yield return r with
                {
                    Nth = 0,
                };
                break;
        }
    }
}
