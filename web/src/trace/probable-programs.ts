import type { Attributes } from 'graphology-types'
import {
  createEdgeArrowHeadProgram,
  createEdgeCompoundProgram,
  EdgeProgram,
  NodeProgram,
  type ProgramInfo,
} from 'sigma/rendering'
import type { EdgeDisplayData, NodeDisplayData, RenderParams } from 'sigma/types'
import { floatColor } from 'sigma/utils'

// Sigma draws an edge as a quad from source to target; the dashed one also passes, per vertex, how far along the
// edge it is in units of the edge's own thickness, and the fragment shader leaves every other stretch out. Dashes
// so measured keep their look at every zoom.
const DASHED_VERTEX = /* glsl */ `
attribute vec4 a_id;
attribute vec4 a_color;
attribute vec2 a_normal;
attribute float a_normalCoef;
attribute vec2 a_positionStart;
attribute vec2 a_positionEnd;
attribute float a_positionCoef;
attribute float a_radius;
attribute float a_radiusCoef;

uniform mat3 u_matrix;
uniform float u_zoomRatio;
uniform float u_sizeRatio;
uniform float u_pixelRatio;
uniform float u_correctionRatio;
uniform float u_minEdgeThickness;
uniform float u_lengthToThicknessRatio;
uniform float u_feather;

varying vec4 v_color;
varying vec2 v_normal;
varying float v_thickness;
varying float v_feather;
varying float v_along;

const float bias = 255.0 / 254.0;

void main() {
  float radius = a_radius * a_radiusCoef;
  vec2 normal = a_normal * a_normalCoef;
  vec2 position = a_positionStart * (1.0 - a_positionCoef) + a_positionEnd * a_positionCoef;
  float normalLength = length(normal);
  vec2 unitNormal = normal / normalLength;
  float pixelsThickness = max(normalLength, u_minEdgeThickness * u_sizeRatio);
  float webGLThickness = pixelsThickness * u_correctionRatio / u_sizeRatio;
  float direction = sign(radius);
  float webGLNodeRadius = direction * radius * 2.0 * u_correctionRatio / u_sizeRatio;
  float webGLArrowHeadLength = webGLThickness * u_lengthToThicknessRatio * 2.0;
  vec2 compensationVector = vec2(-direction * unitNormal.y, direction * unitNormal.x) * (webGLNodeRadius + webGLArrowHeadLength);
  gl_Position = vec4((u_matrix * vec3(position + unitNormal * webGLThickness + compensationVector, 1)).xy, 0, 1);
  v_thickness = webGLThickness / u_zoomRatio;
  v_normal = unitNormal;
  v_feather = u_feather * u_correctionRatio / u_zoomRatio / u_pixelRatio * 2.0;
  v_along = a_positionCoef * length(a_positionEnd - a_positionStart) / max(webGLThickness, 1e-9);
  #ifdef PICKING_MODE
  v_color = a_id;
  #else
  v_color = a_color;
  #endif
  v_color.a *= bias;
}
`

const DASHED_FRAGMENT = /* glsl */ `
precision mediump float;

varying vec4 v_color;
varying vec2 v_normal;
varying float v_thickness;
varying float v_feather;
varying float v_along;

const vec4 transparent = vec4(0.0, 0.0, 0.0, 0.0);

void main(void) {
  #ifdef PICKING_MODE
  gl_FragColor = v_color;
  #else
  if (mod(v_along, 7.0) > 4.0) discard;
  float dist = length(v_normal) * v_thickness;
  float t = smoothstep(v_thickness - v_feather, v_thickness, dist);
  gl_FragColor = mix(v_color, transparent, t);
  #endif
}
`

const EDGE_UNIFORMS = [
  'u_matrix',
  'u_zoomRatio',
  'u_sizeRatio',
  'u_correctionRatio',
  'u_pixelRatio',
  'u_feather',
  'u_minEdgeThickness',
  'u_lengthToThicknessRatio',
] as const
type EdgeUniform = (typeof EDGE_UNIFORMS)[number]

/** The arrow head's length over the edge's thickness, as sigma's own arrows have it. */
const ARROW_LENGTH = 2.5

class DashedClampedProgram<N extends Attributes, E extends Attributes, G extends Attributes> extends EdgeProgram<
  EdgeUniform,
  N,
  E,
  G
> {
  getDefinition() {
    const { FLOAT, UNSIGNED_BYTE, TRIANGLES } = WebGLRenderingContext
    return {
      VERTICES: 6,
      VERTEX_SHADER_SOURCE: DASHED_VERTEX,
      FRAGMENT_SHADER_SOURCE: DASHED_FRAGMENT,
      METHOD: TRIANGLES,
      UNIFORMS: EDGE_UNIFORMS,
      ATTRIBUTES: [
        { name: 'a_positionStart', size: 2, type: FLOAT },
        { name: 'a_positionEnd', size: 2, type: FLOAT },
        { name: 'a_normal', size: 2, type: FLOAT },
        { name: 'a_color', size: 4, type: UNSIGNED_BYTE, normalized: true },
        { name: 'a_id', size: 4, type: UNSIGNED_BYTE, normalized: true },
        { name: 'a_radius', size: 1, type: FLOAT },
      ],
      CONSTANT_ATTRIBUTES: [
        { name: 'a_positionCoef', size: 1, type: FLOAT },
        { name: 'a_normalCoef', size: 1, type: FLOAT },
        { name: 'a_radiusCoef', size: 1, type: FLOAT },
      ],
      CONSTANT_DATA: [
        [0, 1, 0],
        [0, -1, 0],
        [1, 1, 1],
        [1, 1, 1],
        [0, -1, 0],
        [1, -1, -1],
      ],
    }
  }

  processVisibleItem(
    edgeIndex: number,
    startIndex: number,
    source: NodeDisplayData,
    target: NodeDisplayData,
    data: EdgeDisplayData,
  ): void {
    const thickness = data.size || 1
    const dx = target.x - source.x
    const dy = target.y - source.y
    const len = dx * dx + dy * dy
    const inv = len ? 1 / Math.sqrt(len) : 0
    const a = this.array
    let i = startIndex
    a[i++] = source.x
    a[i++] = source.y
    a[i++] = target.x
    a[i++] = target.y
    a[i++] = -dy * inv * thickness
    a[i++] = dx * inv * thickness
    a[i++] = floatColor(data.color)
    a[i++] = edgeIndex
    a[i++] = target.size || 1
  }

  setUniforms(params: RenderParams, { gl, uniformLocations: u }: ProgramInfo<EdgeUniform>): void {
    gl.uniformMatrix3fv(u.u_matrix, false, params.matrix)
    gl.uniform1f(u.u_zoomRatio, params.zoomRatio)
    gl.uniform1f(u.u_sizeRatio, params.sizeRatio)
    gl.uniform1f(u.u_correctionRatio, params.correctionRatio)
    gl.uniform1f(u.u_pixelRatio, params.pixelRatio)
    gl.uniform1f(u.u_feather, params.antiAliasingFeather)
    gl.uniform1f(u.u_minEdgeThickness, params.minEdgeThickness)
    gl.uniform1f(u.u_lengthToThicknessRatio, ARROW_LENGTH)
  }
}

/** A dashed edge with an arrow head: how the view draws a transfer past a mixer. */
export const DashedArrowProgram = createEdgeCompoundProgram([
  DashedClampedProgram,
  createEdgeArrowHeadProgram({ lengthToThicknessRatio: ARROW_LENGTH, widenessToThicknessRatio: 2 }),
])

// A disc whose inside is white: the node's category colour only as its outline.
const RING_VERTEX = /* glsl */ `
attribute vec4 a_id;
attribute vec4 a_color;
attribute vec2 a_position;
attribute float a_size;
attribute float a_angle;

uniform mat3 u_matrix;
uniform float u_sizeRatio;
uniform float u_correctionRatio;

varying vec4 v_color;
varying vec2 v_diffVector;
varying float v_radius;

const float bias = 255.0 / 254.0;

void main() {
  float size = a_size * u_correctionRatio / u_sizeRatio * 4.0;
  vec2 diffVector = size * vec2(cos(a_angle), sin(a_angle));
  gl_Position = vec4((u_matrix * vec3(a_position + diffVector, 1)).xy, 0, 1);
  v_diffVector = diffVector;
  v_radius = size / 2.0;
  #ifdef PICKING_MODE
  v_color = a_id;
  #else
  v_color = a_color;
  #endif
  v_color.a *= bias;
}
`

const RING_FRAGMENT = /* glsl */ `
precision highp float;

varying vec4 v_color;
varying vec2 v_diffVector;
varying float v_radius;

uniform float u_correctionRatio;

const vec4 transparent = vec4(0.0, 0.0, 0.0, 0.0);
const vec4 white = vec4(1.0, 1.0, 1.0, 1.0);

void main(void) {
  float aa = u_correctionRatio * 2.0;
  float d = length(v_diffVector);
  #ifdef PICKING_MODE
  gl_FragColor = d > v_radius ? transparent : v_color;
  #else
  float ring = max(v_radius * 0.38, aa * 1.5);
  if (d > v_radius) gl_FragColor = transparent;
  else if (d > v_radius - aa) gl_FragColor = mix(v_color, transparent, (d - v_radius + aa) / aa);
  else if (d > v_radius - ring) gl_FragColor = v_color;
  else gl_FragColor = white;
  #endif
}
`

const NODE_UNIFORMS = ['u_sizeRatio', 'u_correctionRatio', 'u_matrix'] as const
type NodeUniform = (typeof NODE_UNIFORMS)[number]

/** A node past a mixer: a ring in its category's colour, so it never reads as an address the exact trace reached. */
export class RingNodeProgram<N extends Attributes, E extends Attributes, G extends Attributes> extends NodeProgram<
  NodeUniform,
  N,
  E,
  G
> {
  getDefinition() {
    const { FLOAT, UNSIGNED_BYTE, TRIANGLES } = WebGLRenderingContext
    return {
      VERTICES: 3,
      VERTEX_SHADER_SOURCE: RING_VERTEX,
      FRAGMENT_SHADER_SOURCE: RING_FRAGMENT,
      METHOD: TRIANGLES,
      UNIFORMS: NODE_UNIFORMS,
      ATTRIBUTES: [
        { name: 'a_position', size: 2, type: FLOAT },
        { name: 'a_size', size: 1, type: FLOAT },
        { name: 'a_color', size: 4, type: UNSIGNED_BYTE, normalized: true },
        { name: 'a_id', size: 4, type: UNSIGNED_BYTE, normalized: true },
      ],
      CONSTANT_ATTRIBUTES: [{ name: 'a_angle', size: 1, type: FLOAT }],
      CONSTANT_DATA: [[0], [(2 * Math.PI) / 3], [(4 * Math.PI) / 3]],
    }
  }

  processVisibleItem(nodeIndex: number, startIndex: number, data: NodeDisplayData): void {
    const a = this.array
    let i = startIndex
    a[i++] = data.x
    a[i++] = data.y
    a[i++] = data.size
    a[i++] = floatColor(data.color)
    a[i++] = nodeIndex
  }

  setUniforms(params: RenderParams, { gl, uniformLocations: u }: ProgramInfo<NodeUniform>): void {
    gl.uniform1f(u.u_correctionRatio, params.correctionRatio)
    gl.uniform1f(u.u_sizeRatio, params.sizeRatio)
    gl.uniformMatrix3fv(u.u_matrix, false, params.matrix)
  }
}
