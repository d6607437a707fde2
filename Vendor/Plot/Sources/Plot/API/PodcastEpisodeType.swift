/**
*  Plot
*  Copyright (c) John Sundell 2019
*  MIT license, see LICENSE file for details
*/

import Foundation

/// Enum defining various podcast episode types that are supported
/// by podcast players/systems such as Apple Podcasts.
public enum PodcastEpisodeType: String {
    case full
    case trailer
    case bonus
}
