/**
 * The words of the daily challenges, written by this team. `{target}` is replaced by the challenge's target
 * (a number of cycles, minutes or days). Eon is the ancient sequoia who guides the player: calm, unhurried,
 * speaking in seasons, roots, rings and weather — encouraging, never scolding, never competitive.
 *
 * Every template is rendered for every possible target by a test (no placeholder left, no empty field).
 */
/** The six challenge types the contract names (the extension's engine has the same six). */
export const CHALLENGE_TYPES = ["cycles", "minutes", "deep_session", "morning_breath", "evening_flow", "streak"] as const;
export type ChallengeType = (typeof CHALLENGE_TYPES)[number];

export interface ChallengeTemplate {
  title: string;
  description: string;
  eonMessage: string;
  completionMessage: string;
}

export const TEMPLATES: Record<ChallengeType, ChallengeTemplate[]> = {
  cycles: [
    {
      title: "Count the Tides",
      description: "Complete {target} full breathing cycles today.",
      eonMessage: "The sea below my hill never hurries, yet it has carved the coast. Let {target} breaths come and go like its tides.",
      completionMessage: "{target} tides have come and gone. The shore of your mind is smoother for them.",
    },
    {
      title: "Rings of Breath",
      description: "Breathe through {target} complete cycles at any pace that feels kind.",
      eonMessage: "Each year I add one ring, no more. Today, add {target} breaths to yours, one at a time.",
      completionMessage: "Another {target} rings of breath. Growth this patient lasts.",
    },
    {
      title: "Falling Needles",
      description: "Let {target} breathing cycles pass, each one complete before the next begins.",
      eonMessage: "My needles fall one by one and feed the soil. Let each of your {target} breaths land softly too.",
      completionMessage: "{target} breaths have settled like needles on the forest floor. Something will grow from them.",
    },
    {
      title: "Sap Rising",
      description: "Complete {target} breathing cycles today.",
      eonMessage: "In spring my sap climbs higher than any ladder, a little with every pulse. Climb with {target} breaths.",
      completionMessage: "{target} cycles, risen quietly from root to crown. Well climbed.",
    },
    {
      title: "Wind Through the Grove",
      description: "Follow {target} slow breathing cycles from beginning to end.",
      eonMessage: "The wind passes through my branches without snagging on any of them. Let {target} breaths pass through you the same way.",
      completionMessage: "The grove is still again after {target} breaths. So, perhaps, are you.",
    },
  ],
  minutes: [
    {
      title: "Moss Time",
      description: "Spend {target} minutes in guided breathing today, in one sitting or several.",
      eonMessage: "Moss measures time in green, not in hours. Give it {target} minutes and see what softens.",
      completionMessage: "{target} minutes of moss time. The stones of the day are a little softer.",
    },
    {
      title: "Shade for a While",
      description: "Breathe with the guide for {target} minutes in total today.",
      eonMessage: "Come and rest in my shade for {target} minutes. The noon sun will still be there when you return.",
      completionMessage: "You rested in the shade for {target} minutes. Carry some of its coolness back with you.",
    },
    {
      title: "Slow Growth",
      description: "Gather {target} minutes of breathing practice across the day.",
      eonMessage: "I grew tall by growing a little every day for a very long time. {target} minutes is a fine day's growth.",
      completionMessage: "{target} minutes gathered. You grew today, even if no one saw it happen.",
    },
    {
      title: "Under the Canopy",
      description: "Practise mindful breathing for {target} minutes today.",
      eonMessage: "Beneath my canopy the light arrives gently, already softened. Let {target} minutes of breath soften your light too.",
      completionMessage: "{target} minutes beneath the canopy. The light feels gentler now.",
    },
    {
      title: "The Long Afternoon",
      description: "Reach {target} minutes of breathing time before the day is done.",
      eonMessage: "Some afternoons last a century for me, and I am glad of each one. Find {target} unhurried minutes in yours.",
      completionMessage: "{target} minutes, taken slowly and kept well. The afternoon is richer for it.",
    },
  ],
  deep_session: [
    {
      title: "Deep Roots",
      description: "Stay with a single breathing session for at least {target} minutes.",
      eonMessage: "My roots go deep because they never stopped reaching down. Stay with one session for {target} minutes and reach.",
      completionMessage: "{target} unbroken minutes. Your roots found water today.",
    },
    {
      title: "The Still Pool",
      description: "Complete one uninterrupted session of {target} minutes or more.",
      eonMessage: "A pool only shows the sky once the ripples settle. Give it {target} minutes without stirring.",
      completionMessage: "The pool is still, and the sky is in it. {target} minutes well held.",
    },
    {
      title: "Heartwood",
      description: "Hold one breathing session for {target} minutes without a pause.",
      eonMessage: "The heartwood at my centre is the quietest part of me, and the strongest. Spend {target} minutes there.",
      completionMessage: "{target} minutes in the heartwood. Quiet and strong, like the old wood.",
    },
    {
      title: "Fog Lifting",
      description: "Sit through a single session of at least {target} minutes.",
      eonMessage: "Morning fog does not lift because it is told to. It lifts because the sun stays. Stay for {target} minutes.",
      completionMessage: "You stayed {target} minutes, and the fog has thinned. See how far the valley goes.",
    },
    {
      title: "One Long Season",
      description: "Keep a single session going for {target} minutes.",
      eonMessage: "A season is one long breath for a tree like me. Try a small season of your own: {target} minutes, unbroken.",
      completionMessage: "A {target}-minute season, begun and finished. The forest notices such things.",
    },
  ],
  morning_breath: [
    {
      title: "First Light",
      description: "Before noon, breathe with the guide for at least {target} minutes.",
      eonMessage: "The first light touches my crown long before it reaches the ferns. Meet it early: {target} minutes before noon.",
      completionMessage: "{target} minutes at first light. The whole day has a kinder beginning.",
    },
    {
      title: "Dew on the Needles",
      description: "Complete {target} minutes of breathing practice in the morning (before 12:00 local time).",
      eonMessage: "Dew gathers only in the quiet hours, before the day warms up. Gather {target} minutes of quiet while it lasts.",
      completionMessage: "{target} morning minutes gathered like dew. They will keep you fresh until evening.",
    },
    {
      title: "Birdsong Hour",
      description: "Spend {target} minutes breathing before midday.",
      eonMessage: "The birds in my branches start the day by listening to themselves breathe and sing. Start yours with {target} minutes.",
      completionMessage: "You began the day with {target} minutes of your own song. The birds approve.",
    },
    {
      title: "Morning Sap",
      description: "Breathe mindfully for {target} minutes in the morning hours.",
      eonMessage: "Sap runs best in the cool of the morning. {target} minutes now will carry you through the warm hours.",
      completionMessage: "{target} minutes of morning sap. The day ahead has something to draw on.",
    },
    {
      title: "Sunrise on the Ridge",
      description: "Before noon, take {target} minutes for guided breathing.",
      eonMessage: "From my ridge I have watched a million sunrises, and I still stop for each one. Stop for {target} minutes of this one.",
      completionMessage: "One more sunrise, honoured with {target} minutes. It was worth stopping for.",
    },
  ],
  evening_flow: [
    {
      title: "Dusk in the Grove",
      description: "After 18:00 local time, breathe with the guide for at least {target} minutes.",
      eonMessage: "At dusk the whole grove exhales the warmth of the day. Join us for {target} minutes after six.",
      completionMessage: "{target} minutes at dusk. The day's warmth has somewhere gentle to go.",
    },
    {
      title: "Evening Mist",
      description: "Spend {target} minutes in breathing practice this evening.",
      eonMessage: "Evening mist rolls in and quietly blurs the sharp edges of the day. Let {target} minutes do the same for you.",
      completionMessage: "The edges are softer now. {target} minutes of evening mist, well spent.",
    },
    {
      title: "Owl Watch",
      description: "In the evening hours, complete {target} minutes of mindful breathing.",
      eonMessage: "The owl who lives in my hollow wakes as you wind down. Keep her company for {target} quiet minutes.",
      completionMessage: "{target} minutes of owl watch. She thanks you for the quiet company.",
    },
    {
      title: "Letting the Day Settle",
      description: "After six in the evening, breathe for {target} minutes.",
      eonMessage: "Silt settles when the river slows. Slow down for {target} minutes tonight and let the day settle.",
      completionMessage: "The river ran clear after {target} minutes. Sleep will find you more easily.",
    },
    {
      title: "Starlight Through Branches",
      description: "Take {target} minutes of guided breathing this evening.",
      eonMessage: "Starlight has travelled a long way to reach my branches, and it is in no hurry. Neither are you: {target} minutes.",
      completionMessage: "{target} minutes under the stars. Old light, fresh breath.",
    },
  ],
  streak: [
    {
      title: "Ring After Ring",
      description: "Practise on {target} days in a row: keep your streak alive until it reaches {target}.",
      eonMessage: "A ring a year, every year, is how I came to be this tall. {target} days in a row is how a practice takes root.",
      completionMessage: "{target} days, ring after ring. Your practice has roots now.",
    },
    {
      title: "The Path Through the Forest",
      description: "Breathe with the guide on {target} consecutive days.",
      eonMessage: "A path appears where feet pass every day. Walk this one {target} days running and it will stay open for you.",
      completionMessage: "{target} days of footsteps, and the path is clear. It will be here tomorrow too.",
    },
    {
      title: "Steady Rain",
      description: "Keep a streak of {target} days of practice.",
      eonMessage: "A downpour runs off the hillside; steady rain sinks in. Sink in with {target} days in a row.",
      completionMessage: "{target} days of steady rain. It has reached the deep roots.",
    },
    {
      title: "Seasons Turning",
      description: "Practise every day until your streak reaches {target} days.",
      eonMessage: "The seasons never skip their turn, and the forest trusts them for it. Trust yourself with {target} days running.",
      completionMessage: "{target} days without skipping a turn. You can trust this rhythm.",
    },
    {
      title: "Tending the Seedling",
      description: "Return to your breath on {target} consecutive days.",
      eonMessage: "A seedling needs a little water every day more than a flood once a week. Give it {target} days in a row.",
      completionMessage: "{target} days of tending. The seedling stands a little taller.",
    },
  ],
};
