/**
 * The words of the daily challenges, written by this team. `{target}` is replaced by the challenge's target
 * (a number of cycles or minutes). Each text says exactly what the extension's engine will pay for
 * (docs/challenges.md): the morning, evening and streak challenges ask for no length, because the engine checks
 * none. Eon is the ancient sequoia who guides the player: calm, unhurried,
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
      description: "Stay with a single breathing session until it holds at least {target} minutes of breathing.",
      eonMessage: "My roots go deep because they never stopped reaching down. Stay with one session for {target} minutes and reach.",
      completionMessage: "{target} minutes in one session. Your roots found water today.",
    },
    {
      title: "The Still Pool",
      description: "Complete one session with {target} minutes or more of active breathing.",
      eonMessage: "A pool only shows the sky once the ripples settle. Give one session {target} minutes to settle.",
      completionMessage: "The pool is still, and the sky is in it. {target} minutes well held.",
    },
    {
      title: "Heartwood",
      description: "Breathe for {target} minutes within one session, started today.",
      eonMessage: "The heartwood at my centre is the quietest part of me, and the strongest. Spend {target} minutes there in one visit.",
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
      description: "Keep a single session going until it holds {target} minutes of breathing.",
      eonMessage: "A season is one long breath for a tree like me. Try a small season of your own: {target} minutes in one session.",
      completionMessage: "A {target}-minute season, begun and finished. The forest notices such things.",
    },
  ],
  // The engine pays these after any session today, before noon local time: no length is asked for.
  morning_breath: [
    {
      title: "First Light",
      description: "Between 5:00 and noon, complete a breathing session of any length.",
      eonMessage: "The first light touches my crown long before it reaches the ferns. Meet it with a few breaths before noon.",
      completionMessage: "You met the first light. The whole day has a kinder beginning.",
    },
    {
      title: "Dew on the Needles",
      description: "Breathe with the guide this morning, before 12:00 local time. Any session counts.",
      eonMessage: "Dew gathers only in the quiet hours, before the day warms up. Gather a little quiet while it lasts.",
      completionMessage: "A morning breath gathered like dew. It will keep you fresh until evening.",
    },
    {
      title: "Birdsong Hour",
      description: "Take one breathing session before midday, as long or as short as you like.",
      eonMessage: "The birds in my branches start the day by listening to themselves breathe and sing. Start yours the same way.",
      completionMessage: "You began the day with a song of your own. The birds approve.",
    },
    {
      title: "Morning Sap",
      description: "Practise a session of mindful breathing in the morning hours, before noon.",
      eonMessage: "Sap runs best in the cool of the morning. A session now will carry you through the warm hours.",
      completionMessage: "Morning sap is rising. The day ahead has something to draw on.",
    },
    {
      title: "Sunrise on the Ridge",
      description: "Before noon, pause for a breathing session: a short one is enough.",
      eonMessage: "From my ridge I have watched a million sunrises, and I still stop for each one. Stop for this one.",
      completionMessage: "One more sunrise, honoured with your breath. It was worth stopping for.",
    },
  ],
  // The engine pays these after any session today once it is 18:00 local time or later: no length is asked for.
  evening_flow: [
    {
      title: "Dusk in the Grove",
      description: "After 18:00 local time, breathe with the guide for a session of any length.",
      eonMessage: "At dusk the whole grove exhales the warmth of the day. Join us for a few breaths after six.",
      completionMessage: "You breathed with the grove at dusk. The day's warmth has somewhere gentle to go.",
    },
    {
      title: "Evening Mist",
      description: "This evening, from 18:00 on, take one breathing session. Any length counts.",
      eonMessage: "Evening mist rolls in and quietly blurs the sharp edges of the day. Let a session do the same for you.",
      completionMessage: "The edges are softer now. An evening breath, well spent.",
    },
    {
      title: "Owl Watch",
      description: "In the evening hours, after six, practise a session of mindful breathing.",
      eonMessage: "The owl who lives in my hollow wakes as you wind down. Keep her company with a quiet session.",
      completionMessage: "An owl watch kept. She thanks you for the quiet company.",
    },
    {
      title: "Letting the Day Settle",
      description: "After six in the evening, breathe with the guide, however briefly.",
      eonMessage: "Silt settles when the river slows. Slow down with a few breaths tonight and let the day settle.",
      completionMessage: "The river runs clear again. Sleep will find you more easily.",
    },
    {
      title: "Starlight Through Branches",
      description: "Once it is 18:00 or later, take a guided breathing session of any length.",
      eonMessage: "Starlight has travelled a long way to reach my branches, and it is in no hurry. Neither are you tonight.",
      completionMessage: "A breath under the stars. Old light, fresh breath.",
    },
  ],
  // The engine pays these when the player's streak is alive after breathing today: no streak length is asked for.
  streak: [
    {
      title: "Ring After Ring",
      description: "Keep your streak: breathe with the guide today.",
      eonMessage: "A ring a year, every year, is how I came to be this tall. Today's breath is today's ring.",
      completionMessage: "Another ring added. Your practice has roots now.",
    },
    {
      title: "The Path Through the Forest",
      description: "Keep your streak alive with a breathing session today.",
      eonMessage: "A path appears where feet pass every day. Walk it again today and it will stay open for you.",
      completionMessage: "Today's footsteps are on the path. It will be here tomorrow too.",
    },
    {
      title: "Steady Rain",
      description: "Keep your streak going: practise today, any session counts.",
      eonMessage: "A downpour runs off the hillside; steady rain sinks in. Let today be one more gentle drop.",
      completionMessage: "One more day of steady rain. It is reaching the deep roots.",
    },
    {
      title: "Seasons Turning",
      description: "Keep your streak: return to your breath today.",
      eonMessage: "The seasons never skip their turn, and the forest trusts them for it. Take your turn today.",
      completionMessage: "You took your turn today. You can trust this rhythm.",
    },
    {
      title: "Tending the Seedling",
      description: "Keep your streak alive: breathe with the guide today, however briefly.",
      eonMessage: "A seedling needs a little water every day more than a flood once a week. Water it today.",
      completionMessage: "The seedling is watered. It stands a little taller.",
    },
  ],
};
